/** Micrometer metrics for ttc4j searches, fed by {@link io.ttc4j.core.SearchListener}. */
package io.ttc4j.micrometer;
