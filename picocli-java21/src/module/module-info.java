/**
 * picocli's module, as its published jar declares it ({@code META-INF/versions/9/module-info.class}
 * of info.picocli:picocli:4.7.7): the build copies this file beside picocli's unpacked sources.
 */
module info.picocli {
    requires static java.sql;

    exports picocli;
}
