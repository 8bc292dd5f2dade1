/**
 * Parquet (files and directories of part files) and Arrow IPC for churnkit's tables, through Apache
 * Arrow Java and Arrow Dataset's JNI reader. It provides {@link org.churnkit.io.ColumnarFormat};
 * nothing else is exported, so no Arrow type reaches churnkit's API.
 */
module org.churnkit.arrow {
    requires org.churnkit.core;
    requires org.apache.arrow.vector;
    requires org.apache.arrow.memory.core;
    requires org.apache.arrow.dataset;

    provides org.churnkit.io.ColumnarFormat with org.churnkit.arrow.ArrowFormat;
}
