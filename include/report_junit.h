/*
 * report_junit.h: the diagnosis as JUnit XML, for CI test reports.
 *
 * One <testsuites> holding one <testsuite name="ctriage">.  Every rule
 * that ran is a test: a rule without findings is one passing testcase
 * (name = rule ID, classname = "ctriage.<category>"); a rule with findings
 * is one testcase per finding, named "<rule ID>: <subject or title>",
 * each with one <failure> (message = title, type = severity, text =
 * message, evidence and fix).  One testcase per finding rather than one
 * testcase with several failures because Jenkins, GitLab and Azure DevOps
 * show and count only the first <failure> of a testcase.  Every rule not
 * evaluated is a testcase with <skipped message="reason"/>.  Counts
 * (tests, failures, errors = 0, skipped) are in both elements'
 * attributes; suppressed and hidden findings are <properties>.
 */
#ifndef CTRIAGE_REPORT_JUNIT_H
#define CTRIAGE_REPORT_JUNIT_H

#include <stdio.h>

#include "report_view.h"

/* Returns 0, or -1 on a write error. */
int report_junit(const struct report *r, FILE *out);

#endif
