package io.ospatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kubernetes manifests read into fabric8's typed model, strictly: a field the model does not know
 * (a typo such as {@code timezone:} for {@code timeZone:}) would otherwise land silently in an
 * {@code additionalProperties} map, and Kubernetes would drop it.
 */
public final class KubernetesYaml {

	public static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

	private static final String MODEL = "io.fabric8.kubernetes.api.model";

	private KubernetesYaml() {
	}

	/** Every document of a YAML stream, each checked for unknown fields. */
	public static List<HasMetadata> parseAll(String yaml) {
		Object parsed = SERIALIZATION.unmarshal(yaml);
		List<?> documents = (parsed instanceof List<?> list) ? list : List.of(parsed);
		documents.forEach((document) -> assertEveryFieldKnown(document, ""));
		return documents.stream().map(HasMetadata.class::cast).toList();
	}

	public static List<HasMetadata> parseAll(Path file) {
		try {
			return parseAll(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** One document of the given type, checked for unknown fields. */
	public static <T> T parse(Path file, Class<T> type) {
		try {
			T resource = SERIALIZATION.unmarshal(Files.readString(file), type);
			assertEveryFieldKnown(resource, file.getFileName().toString());
			return resource;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The resource as a JSON tree, to compare two resources field by field whatever their lists' defaults. */
	public static Object tree(Object resource) {
		return SERIALIZATION.unmarshal(SERIALIZATION.asJson(resource), Map.class);
	}

	private static void assertEveryFieldKnown(Object value, String path) {
		if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				assertEveryFieldKnown(list.get(i), path + "[" + i + "]");
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, entry) -> assertEveryFieldKnown(entry, path + "." + key));
			return;
		}
		if (value == null || !value.getClass().getName().startsWith(MODEL)) {
			return;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (!getter.getName().startsWith("get") || getter.getParameterCount() != 0
					|| Modifier.isStatic(getter.getModifiers()) || getter.getName().equals("getClass")) {
				continue;
			}
			Object field = invoke(getter, value);
			if (getter.getName().equals("getAdditionalProperties")) {
				assertThat((Map<?, ?>) field).as("fields unknown to Kubernetes at %s", path).isNullOrEmpty();
			}
			else {
				assertEveryFieldKnown(field, path + "." + getter.getName().substring(3));
			}
		}
	}

	private static Object invoke(Method getter, Object target) {
		try {
			return getter.invoke(target);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException("cannot read " + getter, ex);
		}
	}

}
