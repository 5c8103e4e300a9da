/** placeholder */
package io.ttc4j.prm;
