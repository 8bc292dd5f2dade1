package org.churnkit.io;

import java.util.ServiceLoader;

/** Finds the provider once, on first use of a columnar file (never at start-up). */
final class ColumnarFormatHolder {
    static final ColumnarFormat INSTANCE = ServiceLoader.load(ColumnarFormat.class, ColumnarFormat.class.getClassLoader())
            .findFirst().orElse(null);

    private ColumnarFormatHolder() {}
}
