/**
 * What {@code --check-config} reports: one line per thing tried, each failure naming the setting
 * to change, and an exit status scripts can test.
 */
package org.agora.deploy.check;
