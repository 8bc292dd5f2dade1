/**
 * JMH benchmarks of churnkit's hot paths. Run them with {@code ./bench [regex]} at the repository
 * root; it prints one median per benchmark. Each benchmark generates its data from a fixed seed.
 */
package org.churnkit.bench;
