/** placeholder */
package io.ttc4j.datasets;
