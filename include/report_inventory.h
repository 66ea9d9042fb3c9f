/*
 * report_inventory.h: writing an inventory for people and for machines.
 *
 * The writers only format; the inventory is already sorted.  Both return
 * 0, or -1 when the stream reports a write error (the caller owns the
 * stream and says what failed).
 */
#ifndef CTRIAGE_REPORT_INVENTORY_H
#define CTRIAGE_REPORT_INVENTORY_H

#include <stdio.h>

#include "inventory.h"

/* Schema name of the JSON inventory; bumped on incompatible changes. */
#define INVENTORY_JSON_SCHEMA	"ctriage/inventory/v1"

int report_inventory_text(const struct inventory *inv, FILE *out);
int report_inventory_json(const struct inventory *inv, FILE *out);

#endif
