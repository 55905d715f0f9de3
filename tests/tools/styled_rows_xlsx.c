/*
 * styled_rows_xlsx.c — writes the workbook of the import case
 * tests/cases/import/0080-xlsx-styled-empty-rows.json: a header, 2 rows
 * of data and rows formatted (a fill colour) but empty down to row 1000,
 * as a sheet is left when a user formats rows ahead of the data.  GDAL
 * reads each formatted row as a feature with no value, so the import
 * sees 999 features: 2 accidents and 997 empty rows.
 *
 * Usage: styled_rows_xlsx OUT.xlsx; the case holds the file in base64
 * (base64 -w0 OUT.xlsx).  Built by the tests' CMakeLists.txt so that it
 * keeps compiling; run by hand only when the case changes.
 */
#include <stdio.h>
#include <xlsxwriter.h>

int main(int argc, char **argv)
{
	static const char *header[] = {"place", "date", "lon", "lat"};
	static const char *rows[2][2] = {{"Agdam road", "2019-05-04"},
					 {"Fuzuli field", "2020-11-21"}};
	static const double at[2][2] = {{46.95, 39.99}, {47.15, 39.60}};
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *yellow;

	if (argc != 2) {
		fprintf(stderr, "usage: styled_rows_xlsx OUT.xlsx\n");
		return 2;
	}
	wb = workbook_new(argv[1]);
	ws = workbook_add_worksheet(wb, "accidents");
	yellow = workbook_add_format(wb);
	format_set_bg_color(yellow, LXW_COLOR_YELLOW);
	for (lxw_col_t c = 0; c < 4; c++)
		worksheet_write_string(ws, 0, c, header[c], NULL);
	for (lxw_row_t r = 0; r < 2; r++) {
		worksheet_write_string(ws, r + 1, 0, rows[r][0], yellow);
		worksheet_write_string(ws, r + 1, 1, rows[r][1], yellow);
		worksheet_write_number(ws, r + 1, 2, at[r][0], yellow);
		worksheet_write_number(ws, r + 1, 3, at[r][1], yellow);
	}
	/* rows 4 to 1000 (0-based 3..999): formatted, empty */
	for (lxw_row_t r = 3; r < 1000; r++)
		worksheet_set_row(ws, r, LXW_DEF_ROW_HEIGHT, yellow);
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
