/**
 * A private key with its certificate chain, read from and written to the files grid tools use
 * (proxy files, usercert/userkey, hostcert/hostkey), and found where grid users keep them.
 */
package org.agora.security.credential;
