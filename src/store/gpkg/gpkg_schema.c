/*
 * gpkg_schema.c — the tables of a mais GeoPackage, generated from the one
 * data dictionary (schema.c) and vocabulary table (vocab.c), and their
 * forward migrations.
 *
 * What a GeoPackage 1.3 needs (OGC 12-128r18): application_id and
 * user_version, gpkg_spatial_ref_sys with EPSG:4326 and the two undefined
 * systems, gpkg_contents listing every user table, gpkg_geometry_columns
 * for each feature table, and for the R-tree extension (§F.3) a virtual
 * table and seven triggers per geometry column, registered in
 * gpkg_extensions.  Column types are GeoPackage's (TEXT, INTEGER, REAL,
 * BOOLEAN, DATE, DATETIME, geometry names) so that GDAL and QGIS read each
 * field with its type.  Identifiers come only from the fixed tables, never
 * from input.
 */
#include "store/gpkg/gpkg_internal.h"
#include "mais/error.h"
#include "mais/schema.h"
#include "mais/version.h"
#include "mais/vocab.h"

#include <stdio.h>
#include <string.h>

static const char *core_tables =
	"CREATE TABLE gpkg_spatial_ref_sys ("
	" srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,"
	" organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,"
	" definition TEXT NOT NULL, description TEXT);"
	"CREATE TABLE gpkg_contents ("
	" table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,"
	" identifier TEXT UNIQUE, description TEXT DEFAULT '',"
	" last_change DATETIME NOT NULL DEFAULT"
	" (strftime('%Y-%m-%dT%H:%M:%fZ','now')),"
	" min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,"
	" srs_id INTEGER,"
	" CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id)"
	" REFERENCES gpkg_spatial_ref_sys(srs_id));"
	"CREATE TABLE gpkg_geometry_columns ("
	" table_name TEXT NOT NULL, column_name TEXT NOT NULL,"
	" geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,"
	" z TINYINT NOT NULL, m TINYINT NOT NULL,"
	" CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),"
	" CONSTRAINT uk_gc_table_name UNIQUE (table_name),"
	" CONSTRAINT fk_gc_tn FOREIGN KEY (table_name)"
	" REFERENCES gpkg_contents(table_name),"
	" CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id)"
	" REFERENCES gpkg_spatial_ref_sys (srs_id));"
	"CREATE TABLE gpkg_extensions ("
	" table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,"
	" definition TEXT NOT NULL, scope TEXT NOT NULL,"
	" CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));"
	"INSERT INTO gpkg_spatial_ref_sys VALUES"
	" ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined',"
	"  'undefined cartesian coordinate reference system'),"
	" ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined',"
	"  'undefined geographic coordinate reference system'),"
	" ('WGS 84 geodetic', 4326, 'EPSG', 4326,"
	"  'GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\","
	"6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],"
	"AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,"
	"AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,"
	"AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],"
	"AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4326\"]]',"
	"  'longitude/latitude coordinates in decimal degrees on the WGS 84"
	" spheroid');";

/* User names are unique without regard to case (schema version 2): the
 * login limit counts "Admin" and "admin" as one name, so two users may
 * not be told apart by case alone. */
#define USERNAME_NOCASE                                                    \
	"CREATE UNIQUE INDEX mais_user_username_nocase ON mais_user"       \
	" (username COLLATE NOCASE);"

/* How each user writes numbers and amounts (schema version 3): a code of
 * money.h's number formats, NULL until the user chooses (the default
 * format then).  Added by ALTER TABLE in a new database too, so that new
 * and migrated databases have the same table. */
#define USER_NUMBER_FORMAT \
	"ALTER TABLE mais_user ADD COLUMN number_format TEXT;"

/* mais's own tables: metadata, reference serials, the one versions table,
 * geometry flags, the append-only audit log, users and their roles. */
static const char *system_tables =
	"CREATE TABLE mais_meta (fid INTEGER PRIMARY KEY AUTOINCREMENT,"
	" key TEXT NOT NULL UNIQUE, value TEXT NOT NULL);"
	"CREATE TABLE mais_serial (fid INTEGER PRIMARY KEY AUTOINCREMENT,"
	" entity TEXT NOT NULL UNIQUE, last INTEGER NOT NULL);"
	"CREATE TABLE mais_version (fid INTEGER PRIMARY KEY AUTOINCREMENT,"
	" entity TEXT NOT NULL, record_uuid TEXT NOT NULL,"
	" version INTEGER NOT NULL, changed_at DATETIME NOT NULL,"
	" changed_by TEXT NOT NULL, state TEXT NOT NULL,"
	" geom BLOB, geom_original BLOB,"
	" UNIQUE (record_uuid, version));"
	"CREATE TABLE mais_import_feature (fid INTEGER PRIMARY KEY"
	" AUTOINCREMENT, source_hash TEXT NOT NULL, source_name TEXT NOT NULL,"
	" layer TEXT NOT NULL, feature INTEGER NOT NULL,"
	" output INTEGER NOT NULL, entity TEXT NOT NULL,"
	" record_uuid TEXT NOT NULL, imported_at DATETIME NOT NULL,"
	" UNIQUE (source_hash, layer, feature, output));"
	"CREATE TABLE mais_flag (fid INTEGER PRIMARY KEY AUTOINCREMENT,"
	" entity TEXT NOT NULL, record_uuid TEXT NOT NULL,"
	" version INTEGER NOT NULL, rule TEXT NOT NULL, message TEXT NOT NULL,"
	" flagged_at DATETIME NOT NULL);"
	"CREATE INDEX mais_flag_record ON mais_flag (record_uuid);"
	"CREATE TABLE mais_audit (fid INTEGER PRIMARY KEY AUTOINCREMENT,"
	" at DATETIME NOT NULL, actor TEXT NOT NULL, address TEXT,"
	" action TEXT NOT NULL, entity TEXT, record_uuid TEXT,"
	" version_fid INTEGER REFERENCES mais_version (fid), detail TEXT);"
	"CREATE TABLE mais_user (fid INTEGER PRIMARY KEY AUTOINCREMENT,"
	" uuid TEXT NOT NULL UNIQUE, username TEXT NOT NULL UNIQUE,"
	" display_name TEXT, organisation_uuid TEXT"
	" REFERENCES organisation (uuid) DEFERRABLE INITIALLY DEFERRED,"
	" password_hash TEXT, must_change_password BOOLEAN NOT NULL DEFAULT 1"
	" CHECK (must_change_password IN (0, 1)),"
	" disabled BOOLEAN NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),"
	" created_at DATETIME NOT NULL);"
	"CREATE TABLE mais_user_role (fid INTEGER PRIMARY KEY AUTOINCREMENT,"
	" user_uuid TEXT NOT NULL REFERENCES mais_user (uuid),"
	" organisation_uuid TEXT"
	" REFERENCES organisation (uuid) DEFERRABLE INITIALLY DEFERRED,"
	" role TEXT NOT NULL REFERENCES code_user_role (code),"
	" UNIQUE (user_uuid, organisation_uuid, role));"
	"CREATE TABLE mais_session (fid INTEGER PRIMARY KEY AUTOINCREMENT,"
	" token_hash TEXT NOT NULL UNIQUE,"
	" kind TEXT NOT NULL CHECK (kind IN ('session', 'bearer')),"
	" user_uuid TEXT NOT NULL REFERENCES mais_user (uuid),"
	" csrf_token TEXT, created_at DATETIME NOT NULL,"
	" expires_at DATETIME NOT NULL, last_address TEXT);"
	"CREATE INDEX mais_session_user ON mais_session (user_uuid);"
	USERNAME_NOCASE
	USER_NUMBER_FORMAT
	/* History is never rewritten (DESIGN.md): the database refuses. */
	"CREATE TRIGGER mais_version_no_update BEFORE UPDATE ON mais_version"
	" BEGIN SELECT RAISE(ABORT, 'versions are append-only'); END;"
	"CREATE TRIGGER mais_version_no_delete BEFORE DELETE ON mais_version"
	" BEGIN SELECT RAISE(ABORT, 'versions are append-only'); END;"
	"CREATE TRIGGER mais_audit_no_update BEFORE UPDATE ON mais_audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
	"CREATE TRIGGER mais_audit_no_delete BEFORE DELETE ON mais_audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";

static const char *system_table_docs[][2] = {
	{ "mais_meta", "mais metadata: schema version, reference prefix" },
	{ "mais_serial", "last number of each entity's reference sequence" },
	{ "mais_version", "every version of every record: who, when, the "
			  "whole new state (JSON of the columns; geometry "
			  "and, when repaired, the original geometry)" },
	{ "mais_flag", "rules that flagged a record on entry (repaired, "
		       "duplicate, outside the country, ...)" },
	{ "mais_import_feature", "which record each imported feature made: "
				 "(file content hash, layer, feature, "
				 "output) is the key that makes re-running "
				 "an import add nothing twice" },
	{ "mais_audit", "append-only audit log: who did what, when, from "
			"where; points to the version it made" },
	{ "mais_user", "users (passwords hashed with Argon2id)" },
	{ "mais_user_role", "roles of users per organisation" },
	{ "mais_session", "login sessions and API bearer tokens, kept only "
			  "as the SHA-256 of the token, with expiry" },
};

int gpkg_exec(sqlite3 *conn, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
		mais_error_set(MAIS_ESTORE, "%s", msg ? msg : "SQLite error");
		sqlite3_free(msg);
		return MAIS_ESTORE;
	}
	return 0;
}

/* Runs and frees a built statement text. */
static int exec_str(sqlite3 *conn, sqlite3_str *s)
{
	char *sql;
	int rc;

	if (sqlite3_str_errcode(s) != SQLITE_OK) {
		sqlite3_free(sqlite3_str_finish(s));
		return mais_error_nomem();
	}
	sql = sqlite3_str_finish(s);
	rc = gpkg_exec(conn, sql);
	sqlite3_free(sql);
	return rc;
}

static int register_contents(sqlite3 *conn, const char *table,
			     const char *data_type, const char *doc,
			     int srs_id)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(conn,
			       "INSERT INTO gpkg_contents (table_name,"
			       " data_type, identifier, description, srs_id)"
			       " VALUES (?, ?, ?, ?, ?)",
			       -1, &st, NULL) != SQLITE_OK)
		return gpkg_error(conn, "gpkg_contents");
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, data_type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, doc, -1, SQLITE_STATIC);
	if (srs_id >= 0)
		sqlite3_bind_int(st, 5, srs_id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0
					     : gpkg_error(conn, "gpkg_contents");
	sqlite3_finalize(st);
	return rc;
}

static int create_code_table(sqlite3 *conn, const mais_vocab *v)
{
	sqlite3_str *s = sqlite3_str_new(conn);
	char table[128], doc[256];
	sqlite3_stmt *st;
	int rc;

	snprintf(table, sizeof table, "code_%s", v->name);
	sqlite3_str_appendf(s,
			    "CREATE TABLE \"%w\" (fid INTEGER PRIMARY KEY"
			    " AUTOINCREMENT, code TEXT NOT NULL UNIQUE,"
			    " label TEXT NOT NULL, sort INTEGER NOT NULL)",
			    table);
	rc = exec_str(conn, s);
	if (rc < 0)
		return rc;
	s = sqlite3_str_new(conn);
	sqlite3_str_appendf(s, "INSERT INTO \"%w\" (code, label, sort)"
			       " VALUES (?, ?, ?)", table);
	rc = sqlite3_prepare_v2(conn, sqlite3_str_value(s), -1, &st, NULL);
	sqlite3_free(sqlite3_str_finish(s));
	if (rc != SQLITE_OK)
		return gpkg_error(conn, table);
	for (size_t i = 0; i < v->count && rc == SQLITE_OK; i++) {
		sqlite3_bind_text(st, 1, v->codes[i].code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, v->codes[i].label, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)i + 1);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return gpkg_error(conn, table);
	snprintf(doc, sizeof doc, "codes of %s (%s)", v->name, v->source);
	return register_contents(conn, table, "attributes", doc, -1);
}

/* The GeoPackage type of a column and its constraint. */
static void append_column(sqlite3_str *s, const mais_column *c)
{
	static const char *types[] = {
		[MAIS_COL_TEXT] = "TEXT",	  [MAIS_COL_INTEGER] = "INTEGER",
		[MAIS_COL_REAL] = "REAL",	  [MAIS_COL_BOOL] = "BOOLEAN",
		[MAIS_COL_DATE] = "DATE",	  [MAIS_COL_DATETIME] = "DATETIME",
		[MAIS_COL_CODE] = "TEXT",	  [MAIS_COL_CODES] = "TEXT",
		[MAIS_COL_REF] = "TEXT",	  [MAIS_COL_AREA_M2] = "REAL",
		[MAIS_COL_MONEY] = "INTEGER",	  [MAIS_COL_CURRENCY] = "TEXT",
		[MAIS_COL_DECIMAL] = "TEXT",	  [MAIS_COL_UUID] = "TEXT",
	};

	sqlite3_str_appendf(s, ", \"%w\" %s", c->name, types[c->type]);
	if (c->flags & MAIS_COL_REQUIRED)
		sqlite3_str_appendall(s, " NOT NULL");
	switch (c->type) {
	case MAIS_COL_CODE:
		sqlite3_str_appendf(s, " REFERENCES \"code_%w\" (code)",
				    c->ref);
		break;
	case MAIS_COL_REF:
		sqlite3_str_appendf(s, " REFERENCES \"%w\" (uuid)"
				       " DEFERRABLE INITIALLY DEFERRED",
				    c->ref);
		break;
	case MAIS_COL_AREA_M2:
		sqlite3_str_appendf(s, " CHECK (\"%w\" >= 0)", c->name);
		break;
	case MAIS_COL_BOOL:
		sqlite3_str_appendf(s, " CHECK (\"%w\" IN (0, 1))", c->name);
		break;
	default:
		break;
	}
}

/* The R-tree index and its triggers, as GeoPackage 1.3 §F.3 gives them. */
static int create_rtree(sqlite3 *conn, const char *t)
{
	sqlite3_str *s = sqlite3_str_new(conn);

	sqlite3_str_appendf(s,
		"CREATE VIRTUAL TABLE \"rtree_%w_geom\" USING"
		" rtree(id, minx, maxx, miny, maxy);", t);
	sqlite3_str_appendf(s,
		"CREATE TRIGGER \"rtree_%w_geom_insert\" AFTER INSERT ON \"%w\""
		" WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))"
		" BEGIN INSERT OR REPLACE INTO \"rtree_%w_geom\" VALUES ("
		" NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom),"
		" ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END;", t, t, t);
	sqlite3_str_appendf(s,
		"CREATE TRIGGER \"rtree_%w_geom_update1\" AFTER UPDATE OF geom"
		" ON \"%w\" WHEN OLD.fid = NEW.fid AND"
		" (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))"
		" BEGIN INSERT OR REPLACE INTO \"rtree_%w_geom\" VALUES ("
		" NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom),"
		" ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END;", t, t, t);
	sqlite3_str_appendf(s,
		"CREATE TRIGGER \"rtree_%w_geom_update2\" AFTER UPDATE OF geom"
		" ON \"%w\" WHEN OLD.fid = NEW.fid AND"
		" (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))"
		" BEGIN DELETE FROM \"rtree_%w_geom\" WHERE id = OLD.fid; END;",
		t, t, t);
	sqlite3_str_appendf(s,
		"CREATE TRIGGER \"rtree_%w_geom_update3\" AFTER UPDATE ON \"%w\""
		" WHEN OLD.fid != NEW.fid AND"
		" (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))"
		" BEGIN DELETE FROM \"rtree_%w_geom\" WHERE id = OLD.fid;"
		" INSERT OR REPLACE INTO \"rtree_%w_geom\" VALUES ("
		" NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom),"
		" ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END;", t, t, t, t);
	sqlite3_str_appendf(s,
		"CREATE TRIGGER \"rtree_%w_geom_update4\" AFTER UPDATE ON \"%w\""
		" WHEN OLD.fid != NEW.fid AND"
		" (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))"
		" BEGIN DELETE FROM \"rtree_%w_geom\" WHERE id IN"
		" (OLD.fid, NEW.fid); END;", t, t, t);
	sqlite3_str_appendf(s,
		"CREATE TRIGGER \"rtree_%w_geom_delete\" AFTER DELETE ON \"%w\""
		" WHEN old.geom NOT NULL"
		" BEGIN DELETE FROM \"rtree_%w_geom\" WHERE id = OLD.fid; END;",
		t, t, t);
	sqlite3_str_appendf(s,
		"INSERT INTO gpkg_extensions VALUES ('%q', 'geom',"
		" 'gpkg_rtree_index',"
		" 'http://www.geopackage.org/spec120/#extension_rtree',"
		" 'write-only');", t);
	return exec_str(conn, s);
}

static int create_entity_table(sqlite3 *conn, const mais_entity *e)
{
	const mais_column *common;
	size_t ncommon;
	sqlite3_str *s = sqlite3_str_new(conn);
	int rc;

	common = mais_schema_common(&ncommon);
	sqlite3_str_appendf(s, "CREATE TABLE \"%w\" (fid INTEGER PRIMARY KEY"
			       " AUTOINCREMENT NOT NULL", e->name);
	if (e->has_geom)
		sqlite3_str_appendf(s, ", geom %s",
				    mais_geom_type_name(e->geom_type));
	for (size_t i = 0; i < e->ncolumns; i++)
		append_column(s, &e->columns[i]);
	for (size_t i = 0; i < ncommon; i++)
		append_column(s, &common[i]);
	sqlite3_str_appendall(s, ", UNIQUE (uuid), UNIQUE (reference))");
	rc = exec_str(conn, s);
	if (rc < 0)
		return mais_error_prefix(rc, "creating table %s", e->name);
	if (!e->has_geom)
		return register_contents(conn, e->name, "attributes", e->doc,
					 -1);
	rc = register_contents(conn, e->name, "features", e->doc,
			       GPKG_SRS_WGS84);
	if (rc == 0) {
		s = sqlite3_str_new(conn);
		sqlite3_str_appendf(s,
				    "INSERT INTO gpkg_geometry_columns VALUES"
				    " ('%q', 'geom', '%q', %d, 0, 0)",
				    e->name, mais_geom_type_name(e->geom_type),
				    GPKG_SRS_WGS84);
		rc = exec_str(conn, s);
	}
	return rc == 0 ? create_rtree(conn, e->name) : rc;
}

static int set_meta(sqlite3 *conn, const char *key, const char *value)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(conn,
			       "INSERT INTO mais_meta (key, value) VALUES (?, ?)"
			       " ON CONFLICT (key) DO UPDATE SET value ="
			       " excluded.value",
			       -1, &st, NULL) != SQLITE_OK)
		return gpkg_error(conn, "mais_meta");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : gpkg_error(conn, "mais_meta");
	sqlite3_finalize(st);
	return rc;
}

static int create_all(sqlite3 *conn, const char *ref_prefix)
{
	size_t nv, ne;
	const mais_vocab *vocabs = mais_vocab_all(&nv);
	const mais_entity *ents = mais_schema_entities(&ne);
	char version[16];
	int rc;

	rc = gpkg_exec(conn, core_tables);
	for (size_t i = 0; rc == 0 && i < nv; i++)
		rc = create_code_table(conn, &vocabs[i]);
	for (size_t i = 0; rc == 0 && i < ne; i++)
		rc = create_entity_table(conn, &ents[i]);
	if (rc == 0)
		rc = gpkg_exec(conn, system_tables);
	for (size_t i = 0; rc == 0 && i < sizeof system_table_docs /
						     sizeof system_table_docs[0];
	     i++)
		rc = register_contents(conn, system_table_docs[i][0],
				       "attributes", system_table_docs[i][1],
				       -1);
	snprintf(version, sizeof version, "%d", MAIS_SCHEMA_VERSION);
	if (rc == 0)
		rc = set_meta(conn, "schema_version", version);
	if (rc == 0)
		rc = set_meta(conn, "ref_prefix", ref_prefix ? ref_prefix : "");
	if (rc == 0)
		rc = set_meta(conn, "created_by", "mais " MAIS_VERSION);
	return rc;
}

int gpkg_schema_create(sqlite3 *conn, const char *ref_prefix)
{
	char pragma[96];
	int rc;

	snprintf(pragma, sizeof pragma,
		 "PRAGMA application_id = %d; PRAGMA user_version = %d;",
		 GPKG_APPLICATION_ID, GPKG_USER_VERSION);
	rc = gpkg_exec(conn, pragma);
	if (rc == 0)
		rc = gpkg_exec(conn, "BEGIN IMMEDIATE");
	if (rc < 0)
		return rc;
	rc = create_all(conn, ref_prefix);
	if (rc < 0) {
		gpkg_exec(conn, "ROLLBACK");
		return rc;
	}
	return gpkg_exec(conn, "COMMIT");
}

int gpkg_setting_get(void *db, const char *key, char *out, size_t len)
{
	sqlite3 *conn = ((gpkg_db *)db)->conn;
	sqlite3_stmt *st;
	int rc;

	out[0] = '\0';
	if (sqlite3_prepare_v2(conn, "SELECT value FROM mais_meta WHERE key = ?",
			       -1, &st, NULL) != SQLITE_OK)
		return gpkg_error(conn, "mais_meta");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(out, len, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE
		       ? 0
		       : gpkg_error(conn, "mais_meta");
}

int gpkg_setting_set(void *db, const char *key, const char *value)
{
	return set_meta(((gpkg_db *)db)->conn, key, value);
}

int gpkg_schema_version(sqlite3 *conn, int *version)
{
	sqlite3_stmt *st;
	int rc;

	*version = 0;
	if (sqlite3_prepare_v2(conn,
			       "SELECT value FROM mais_meta"
			       " WHERE key = 'schema_version'",
			       -1, &st, NULL) != SQLITE_OK)
		return mais_error_set(MAIS_EUNSUPPORTED,
				      "not a mais database (no mais_meta "
				      "table): %s", sqlite3_errmsg(conn));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW || *version < 1)
		return mais_error_set(MAIS_EUNSUPPORTED,
				      "not a mais database (no schema version)");
	return 0;
}

/* The user names of mais_user that are equal without regard to case,
 * as "admin, Admin, ADMIN; bob, BOB", into out ("" when none). */
static int names_equal_but_case(sqlite3 *conn, char *out, size_t len)
{
	sqlite3_stmt *st;
	size_t used = 0;
	int rc;

	out[0] = '\0';
	if (sqlite3_prepare_v2(conn,
			       "SELECT group_concat(username, ', ') FROM"
			       " (SELECT username, lower(username) AS k FROM"
			       " mais_user ORDER BY k, username)"
			       " GROUP BY k HAVING count(*) > 1 ORDER BY k",
			       -1, &st, NULL) != SQLITE_OK)
		return gpkg_error(conn, "mais_user");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && used + 1 < len)
		used += (size_t)snprintf(out + used, len - used, "%s%s",
					 used ? "; " : "",
					 (const char *)sqlite3_column_text(st,
									   0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE
		       ? 0
		       : gpkg_error(conn, "mais_user");
}

/* 1 -> 2: user names unique without regard to case.  A database whose
 * users already differ by case only is refused, naming them: they are
 * separate accounts (each with its roles and audit history) and are
 * never merged; an administrator renames all but one first. */
static int migrate_1_to_2(sqlite3 *conn)
{
	char clash[1024];
	int rc = names_equal_but_case(conn, clash, sizeof clash);

	if (rc == 0 && *clash)
		return mais_error_set(
			MAIS_EINVAL,
			"user names must differ other than by case, but these "
			"do: %s.  They are separate users and are not merged: "
			"rename all but one of each (with the mais that made "
			"this database, or in SQLite: UPDATE mais_user SET "
			"username = 'new-name' WHERE username = 'old-name'), "
			"then open the database again",
			clash);
	return rc == 0 ? gpkg_exec(conn, USERNAME_NOCASE) : rc;
}

/* 2 -> 3: each user's number format, unset (the default) for the users
 * already there. */
static int migrate_2_to_3_number_format(sqlite3 *conn)
{
	return gpkg_exec(conn, USER_NUMBER_FORMAT);
}

/*
 * Forward migrations: migrations[v - 1] takes a database from schema
 * version v to v + 1, inside the transaction of gpkg_schema_migrate.
 * tests/migration/ opens a database made by the mais of each older
 * schema (built from its commit) with this one.
 */
typedef int (*migration_fn)(sqlite3 *conn);
static const migration_fn migrations[MAIS_SCHEMA_VERSION - 1] = {
	migrate_1_to_2,
	migrate_2_to_3_number_format,
};

int gpkg_schema_migrate(sqlite3 *conn, int readonly)
{
	char version[16];
	int v, rc;

	rc = gpkg_schema_version(conn, &v);
	if (rc < 0)
		return rc;
	if (v > MAIS_SCHEMA_VERSION)
		return mais_error_set(MAIS_EUNSUPPORTED,
				      "database schema version %d is newer "
				      "than this mais (%d): upgrade mais",
				      v, MAIS_SCHEMA_VERSION);
	if (v == MAIS_SCHEMA_VERSION)
		return 0;
	if (readonly)
		return mais_error_set(MAIS_EUNSUPPORTED,
				      "database schema version %d needs "
				      "migrating to %d; open it read-write",
				      v, MAIS_SCHEMA_VERSION);
	rc = gpkg_exec(conn, "BEGIN IMMEDIATE");
	while (rc == 0 && v < MAIS_SCHEMA_VERSION) {
		rc = migrations[v - 1](conn);
		if (rc == 0)
			v++;
	}
	snprintf(version, sizeof version, "%d", v);
	if (rc == 0)
		rc = set_meta(conn, "schema_version", version);
	if (rc < 0) {
		gpkg_exec(conn, "ROLLBACK");
		return mais_error_prefix(rc, "migrating to schema version %d",
					 v + 1);
	}
	return gpkg_exec(conn, "COMMIT");
}
