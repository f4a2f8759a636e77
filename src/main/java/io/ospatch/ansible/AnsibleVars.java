package io.ospatch.ansible;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks every name and value ospatch hands to Ansible passes first.
 * <p>
 * Ansible renders inventory and extra-var values as Jinja templates on the controller, so a value
 * holding a template delimiter could run code there ({@code {{ lookup('pipe', ...) }}}). Callers
 * validate their input too; these checks are the last line, right where the files are written.
 */
final class AnsibleVars {

	private static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private static final Pattern TEMPLATE_DELIMITER = Pattern.compile("\\{\\{|\\{%|\\{#");

	private AnsibleVars() {
	}

	static void requireVarName(String what, String name) {
		if (name == null || !VAR_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException(what + " " + quote(name)
					+ " is not a valid Ansible variable name (letters, digits and '_', not starting with a digit)");
		}
	}

	/**
	 * Checks a var value and everything nested in it: strings free of template delimiters, and only
	 * the types that have a plain JSON form.
	 */
	static void requireSafeValue(String where, Object value) {
		if (value == null || value instanceof Number || value instanceof Boolean) {
			return;
		}
		if (value instanceof CharSequence text) {
			requireNoTemplate(where, text.toString());
		}
		else if (value instanceof Map<?, ?> map) {
			map.forEach((key, nested) -> {
				if (!(key instanceof String name)) {
					throw new IllegalArgumentException(where + " has a non-text key " + quote(String.valueOf(key)));
				}
				requireNoTemplate(where + " key", name);
				requireSafeValue(where + "." + name, nested);
			});
		}
		else if (value instanceof Collection<?> items) {
			int index = 0;
			for (Object item : items) {
				requireSafeValue(where + "[" + index++ + "]", item);
			}
		}
		else {
			throw new IllegalArgumentException(
					where + " has a value of type " + value.getClass().getName() + " that has no plain JSON form");
		}
	}

	static void requireNoTemplate(String where, String text) {
		if (TEMPLATE_DELIMITER.matcher(text).find()) {
			throw new IllegalArgumentException(where + " must not contain a Jinja delimiter ({{, {% or {#), "
					+ "Ansible would run it as a template: " + quote(text));
		}
	}

	/** Quotes a value for a message, with control characters made visible. */
	static String quote(String value) {
		if (value == null) {
			return "null";
		}
		StringBuilder quoted = new StringBuilder("'");
		value.codePoints().forEach((c) -> {
			switch (c) {
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				case '\t' -> quoted.append("\\t");
				default -> {
					if (Character.isISOControl(c)) {
						quoted.append(String.format("\\u%04x", c));
					}
					else {
						quoted.appendCodePoint(c);
					}
				}
			}
		});
		return quoted.append('\'').toString();
	}

}
