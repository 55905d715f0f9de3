/*
 * service.h — the use-case layer (src/service/): the one place an act
 * happens.  Adapters (src/server, src/cli, the upload import, later
 * field submissions) call these functions and nothing below them; the
 * functions open the transaction, load what a rule needs, run the rule of
 * the pure core (src/core), write through the store (src/store) and apply
 * the effects.  Dependencies run one way:
 *
 *     server, cli  ->  service  ->  io, store  ->  core  ->  common
 *
 * (tests/layers.sh fails when one runs the other way.)
 */
#ifndef MAIS_SERVICE_H
#define MAIS_SERVICE_H

#include "mais/source.h"
#include "mais/store.h"

/* A source (source.h) that reads the records of store s; valid while s
 * is open. */
void svc_source_of(mais_store *s, mais_source *out);

#endif
