/**
 * This site's workspaces in the market: a workspace created with a bid holds that bid on its node
 * until it ends ({@link org.agora.sitemarket.SiteMarket}), and at every interval the nodes are
 * listed in the SLS, the bids are charged and their rates become the nodes' CPU weights
 * ({@link org.agora.sitemarket.MarketHousekeeping}). Between the market service and the workspace
 * service; nodes are reached through {@link org.agora.sitemarket.NodeScheduler}, which the server
 * implements.
 */
package org.agora.sitemarket;
