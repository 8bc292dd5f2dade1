/**
 * The words and number formats of everything a marketer reads (report, segment names and actions,
 * command summaries), in English and Korean, from one resource bundle ({@link org.churnkit.i18n.Messages}).
 */
package org.churnkit.i18n;
