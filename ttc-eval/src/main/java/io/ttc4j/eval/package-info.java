/** placeholder */
package io.ttc4j.eval;
