/**
 * End-to-end pipelines that chain the library's parts (simulate, summarise, fit, score, segment,
 * target, evaluate, report) for the demo and for services. They never print; they report progress
 * through a callback.
 */
package org.churnkit.pipeline;
