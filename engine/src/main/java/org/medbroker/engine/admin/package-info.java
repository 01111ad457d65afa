/**
 * Operations on the message journal for administrators: search, view (raw, mapped FHIR, delivery
 * attempts), reprocess, resend, release from dead letter and pruning, over {@code /admin/api}.
 */
package org.medbroker.engine.admin;
