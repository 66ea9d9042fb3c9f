/*
 * netaddr.c: IP prefixes, parsed with inet_pton and compared bit by bit.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "netaddr.h"

bool
ip_prefix_parse(const char *s, struct ip_prefix *p)
{
	char buf[64], *slash, *end;
	unsigned long l;

	memset(p, 0, sizeof(*p));
	if (s == NULL || strlen(s) >= sizeof(buf))
		return false;
	memcpy(buf, s, strlen(s) + 1);
	if ((slash = strchr(buf, '/')) != NULL)
		*slash = '\0';
	p->af = strchr(buf, ':') != NULL ? AF_INET6 : AF_INET;
	p->len = p->af == AF_INET ? 32 : 128;
	if (inet_pton(p->af, buf, p->a) != 1)
		goto bad;
	if (slash != NULL) {
		if (!isdigit((unsigned char)slash[1]))
			goto bad;
		l = strtoul(slash + 1, &end, 10);
		if (*end != '\0' || l > p->len)
			goto bad;
		p->len = (unsigned)l;
	}
	return true;
bad:
	p->af = 0;
	return false;
}

unsigned
ip_prefix_common(const struct ip_prefix *a, const struct ip_prefix *b)
{
	unsigned i;

	for (i = 0; i < a->len && i < b->len; i++)
		if (((a->a[i / 8] >> (7 - i % 8)) & 1) !=
		    ((b->a[i / 8] >> (7 - i % 8)) & 1))
			break;
	return i;
}

bool
ip_prefix_contains(const struct ip_prefix *a, const struct ip_prefix *b)
{
	return a->af != 0 && a->af == b->af && b->len >= a->len &&
	    ip_prefix_common(a, b) == a->len;
}
