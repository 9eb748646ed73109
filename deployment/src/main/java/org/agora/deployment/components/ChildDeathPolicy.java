package org.agora.deployment.components;

/** What a compound does when one of its children dies. */
public enum ChildDeathPolicy {
    /** Terminate the whole deployment, cleaning every component. */
    TERMINATE,
    /** Deploy the child again, at most the compound's {@code max-restarts} times; then terminate. */
    RESTART,
    /** Leave the rest running; the dead child is cleaned up. */
    IGNORE
}
