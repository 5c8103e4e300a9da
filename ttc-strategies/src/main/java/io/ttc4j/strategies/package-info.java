/** placeholder */
package io.ttc4j.strategies;
