/**
 * WS-BaseNotification for workspaces: who subscribed to which workspace's changes
 * ({@link org.agora.workspace.model.Subscription}), the subscription lifecycle
 * ({@link org.agora.workspace.notification.SubscriptionManager}), and delivery of every committed
 * state change to the subscribers' consumers ({@link org.agora.workspace.notification.NotificationPublisher}).
 * The wire format lives in the soap package, behind {@link org.agora.workspace.notification.NotificationSender}.
 */
package org.agora.workspace.notification;
