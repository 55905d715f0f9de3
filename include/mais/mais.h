/*
 * mais.h — the public API of libmais, the library behind the `mais`
 * command and server.  Include this one header.
 */
#ifndef MAIS_H
#define MAIS_H

#include "mais/error.h"
#include "mais/limits.h"
#include "mais/version.h"
#include "mais/vocab.h"
#include "mais/geom.h"
#include "mais/schema.h"
#include "mais/record.h"
#include "mais/store.h"
#include "mais/users.h"
#include "mais/policy.h"
#include "mais/workflow.h"
#include "mais/check.h"
#include "mais/admin.h"
#include "mais/import.h"
#include "mais/report.h"
#include "mais/money.h"
#include "mais/donors.h"

#endif
