package org.agora.client.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A command's subcommands, in the order its help lists them. Declared here rather than in picocli's
 * {@code @Command(subcommands = ...)}, which makes picocli build the model of every command below
 * at once (a third of a second of the {@code agora} command's start-up): {@link CommandTree}
 * registers only the ones a command line can reach.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface Subcommands {
    Class<?>[] value();
}
