/*
 * drop_reason.c: the drop-reason table (see drop_reason.h).
 *
 * The table is the DROP_REASONS X-macro expanded once, in code order, so
 * a lookup by code is a binary search; lookups by name or text scan the
 * ~90 rows, which is cheap next to parsing the flow they come from.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drop_reason.h"

static const struct drop_reason reasons[] = {
#define X(code, name, text, old, cat) \
	{ code, name, text, old, DROP_CAT_##cat },
	DROP_REASONS(X)
#undef X
};

#define NREASONS	(sizeof(reasons) / sizeof(reasons[0]))

static const char *const category_names[] = {
#define X(e, s) s,
	DROP_CATEGORIES(X)
#undef X
};

const char *
drop_category_name(enum drop_category c)
{
	if ((size_t)c >= sizeof(category_names) / sizeof(category_names[0]))
		return "unknown";
	return category_names[c];
}

const struct drop_reason *
drop_reason_by_code(uint32_t code)
{
	size_t lo = 0, hi = NREASONS;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (reasons[mid].code == code)
			return &reasons[mid];
		if (reasons[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct drop_reason *
drop_reason_by_name(const char *name)
{
	size_t i;

	if (name == NULL || *name == '\0')
		return NULL;
	if (strspn(name, "0123456789") == strlen(name)) {
		char *end;
		unsigned long v;

		if (strlen(name) > 10)
			return NULL;
		v = strtoul(name, &end, 10);
		if (*end != '\0' || v > UINT32_MAX)
			return NULL;
		return drop_reason_by_code((uint32_t)v);
	}
	for (i = 0; i < NREASONS; i++)
		if (reasons[i].name != NULL && strcmp(reasons[i].name, name) == 0)
			return &reasons[i];
	return NULL;
}

/* Does `text` equal `want`, or start with `want` followed by ", "? */
static bool
text_matches(const char *text, const char *want)
{
	size_t n;

	if (want == NULL)
		return false;
	n = strlen(want);
	if (strncmp(text, want, n) != 0)
		return false;
	return text[n] == '\0' || (text[n] == ',' && text[n + 1] == ' ');
}

const struct drop_reason *
drop_reason_by_text(const char *text)
{
	const struct drop_reason *best = NULL;
	size_t i, bestlen = 0;

	if (text == NULL || *text == '\0')
		return NULL;
	/*
	 * The longest match wins: "Invalid packet" (code 2) and "Invalid
	 * packet" (134) are the same text, and the drop (134) is what a
	 * person reading a drop means, so ties go to the higher code.
	 */
	for (i = 0; i < NREASONS; i++) {
		const struct drop_reason *r = &reasons[i];
		size_t n;

		if (text_matches(text, r->text))
			n = strlen(r->text);
		else if (text_matches(text, r->old_text))
			n = strlen(r->old_text);
		else
			continue;
		if (n >= bestlen) {
			best = r;
			bestlen = n;
		}
	}
	return best;
}

enum drop_category
drop_reason_category(uint32_t code)
{
	const struct drop_reason *r = drop_reason_by_code(code);

	if (r != NULL)
		return r->category;
	return code >= DROP_REASON_MIN ? DROP_CAT_DATAPATH : DROP_CAT_NONE;
}

const struct drop_reason *
drop_reason_table(size_t *np)
{
	*np = NREASONS;
	return reasons;
}
