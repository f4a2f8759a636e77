package io.ospatch.report;

import java.util.ArrayList;
import java.util.List;

/** Reads RFC 4180 CSV back, strictly, to check what the report wrote. */
final class Csv {

	private Csv() {
	}

	static List<List<String>> parse(String text) {
		List<List<String>> rows = new ArrayList<>();
		List<String> row = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c == '"' && cell.isEmpty()) {
				i++;
				while (true) {
					char q = text.charAt(i++);
					if (q == '"') {
						if (i < text.length() && text.charAt(i) == '"') {
							cell.append('"');
							i++;
						}
						else {
							break;
						}
					}
					else {
						cell.append(q);
					}
				}
			}
			else if (c == ',') {
				row.add(cell.toString());
				cell.setLength(0);
				i++;
			}
			else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
				row.add(cell.toString());
				cell.setLength(0);
				rows.add(row);
				row = new ArrayList<>();
				i += 2;
			}
			else if (c == '\r' || c == '\n') {
				throw new IllegalStateException("bare line break outside quotes at " + i);
			}
			else {
				cell.append(c);
				i++;
			}
		}
		if (!row.isEmpty() || !cell.isEmpty()) {
			throw new IllegalStateException("last row not ended by CRLF");
		}
		return rows;
	}

}
