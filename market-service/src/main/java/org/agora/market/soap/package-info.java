/** The market's SOAP endpoints: generated contract types in, bank and auction calls, typed faults out. */
package org.agora.market.soap;
