/** placeholder */
package io.ttc4j.sim;
