/**
 * GRAM5 RSL: the parser of the Globus RSL grammar (conjunctions of relations, quoting, value sequences,
 * {@code rsl_substitution}) and the reading of its attributes into a {@link org.agora.gram.job.JobDescription}.
 */
package org.agora.gram.rsl;
