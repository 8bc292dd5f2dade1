package org.churnkit.io;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The table formats churnkit reads and writes. {@link #of(Path)} chooses by file extension; a
 * format can always be given explicitly instead ({@link #parse(String)}).
 */
public enum FileFormat {
    /** Comma-separated values with a header line (RFC 4180 quoting), UTF-8. */
    CSV("csv"),
    /** Whitespace-separated columns, as in {@code CDNOW_master.txt}; header line optional. */
    TEXT("txt"),
    /** Apache Parquet (read and written with Arrow Dataset). */
    PARQUET("parquet"),
    /** Arrow IPC file format, also known as Feather v2. */
    ARROW("arrow");

    private final String extension;

    FileFormat(String extension) {
        this.extension = extension;
    }

    /**
     * The usual file extension, without the dot.
     *
     * @return the extension, e.g. {@code csv}
     */
    public String extension() {
        return extension;
    }

    /**
     * The format implied by a file name: {@code .csv} (also {@code .tsv}), {@code .txt}/{@code .dat},
     * {@code .parquet}/{@code .pq}, {@code .arrow}/{@code .feather}/{@code .ipc}.
     *
     * @throws IllegalArgumentException when the extension is none of these
     * @param file a file name with an extension
     * @return the format the extension implies
     */
    public static FileFormat of(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "csv", "tsv" -> CSV;
            case "txt", "dat" -> TEXT;
            case "parquet", "pq" -> PARQUET;
            case "arrow", "feather", "ipc" -> ARROW;
            default -> throw new IllegalArgumentException("cannot tell the format of '" + file
                    + "' from its extension: expected .csv, .txt, .parquet or .arrow/.feather/.ipc, or give the format explicitly");
        };
    }

    /**
     * The given format, or the one implied by the file name when {@code explicit} is null.
     *
     * @param explicit the format given, or {@code null}
     * @param file the file, consulted when {@code explicit} is null
     * @return the format
     */
    public static FileFormat resolve(FileFormat explicit, Path file) {
        return explicit != null ? explicit : of(file);
    }

    /**
     * Parses {@code csv}, {@code text}/{@code txt}, {@code parquet}, {@code arrow}/{@code feather}/{@code ipc}, any case.
     *
     * @param text a format name
     * @return the format
     */
    public static FileFormat parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "csv" -> CSV;
            case "text", "txt", "whitespace" -> TEXT;
            case "parquet", "pq" -> PARQUET;
            case "arrow", "feather", "ipc" -> ARROW;
            default -> throw new IllegalArgumentException("unknown format '" + text + "': expected csv, text, parquet or arrow");
        };
    }
}
