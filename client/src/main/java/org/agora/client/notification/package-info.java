/**
 * Receiving WS-BaseNotification messages: a NotificationConsumer endpoint a subscriber runs and
 * names in Subscribe, which hands each workspace state change to the caller.
 */
package org.agora.client.notification;
