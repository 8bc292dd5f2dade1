/**
 * The {@code churnkit} command line: one thin picocli command per task, each delegating to the
 * library modules. The launcher runs it on the class path; the descriptor keeps the commands to the
 * modules' exported API.
 */
module org.churnkit.cli {
    requires org.churnkit.core;
    requires org.churnkit.evaluation;
    requires org.churnkit.learn;
    requires org.churnkit.report;
    requires info.picocli;
    requires org.apache.commons.rng.simple;

    opens org.churnkit.cli to info.picocli;
}
