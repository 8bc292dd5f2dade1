/**
 * churnkit core: what a service imports to summarise customers, fit the BTYD models, score
 * customers and read and write model files. Apache Commons, jackson-core and FastCSV only: no
 * Smile (GPL-3), no Arrow, no native library.
 *
 * <p>Parquet and Arrow IPC tables come from the {@code org.churnkit.arrow} module, found as a
 * {@link org.churnkit.io.ColumnarFormat} service when it is present. The special functions and
 * quadrature of {@code org.churnkit.numerics} are internal (its parallel loops are shared with the
 * evaluation module only).
 */
// "module": the qualified export names the evaluation module, which is built after this one.
@SuppressWarnings("module")
module org.churnkit.core {
    requires transitive org.apache.commons.rng.api;
    requires org.apache.commons.rng.simple;
    requires org.apache.commons.rng.sampling;
    requires org.apache.commons.numbers.gamma;
    requires org.apache.commons.statistics.distribution;
    requires com.fasterxml.jackson.core;
    requires de.siegmar.fastcsv;

    exports org.churnkit;
    exports org.churnkit.io;
    exports org.churnkit.data;
    exports org.churnkit.model;
    exports org.churnkit.contractual;
    exports org.churnkit.i18n;
    // the parallel per-customer loops, shared with the evaluation module and no one else
    exports org.churnkit.numerics to org.churnkit.evaluation;

    uses org.churnkit.io.ColumnarFormat;
}
