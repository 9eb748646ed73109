/**
 * The bidding side of the Tycoon market: the closed-form best response of Feldman, Lai and Zhang
 * (EC 2005) that splits a spending rate across hosts to maximise the CPU a user gets.
 */
package org.agora.client.market;
