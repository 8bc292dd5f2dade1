package org.churnkit.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Text files read strictly: bytes that are not valid in the file's encoding (UTF-8 unless the user
 * declares another, e.g. {@code --encoding ISO-8859-1}) are an error naming the file, the line and
 * the column (character of the line) of the first such byte, never silently replaced by U+FFFD
 * (which would merge {@code Jos\xe9} and {@code Jos\xe8} into one customer).
 */
public final class TextInput {
    private TextInput() {}

    /**
     * A reader that reports, rather than replaces, undecodable bytes.
     *
     * @param file the file
     * @param charset its encoding ({@code null}: UTF-8)
     * @return a buffered reader; its reads throw {@link CharacterCodingException} at the first bad byte
     * @throws IOException when the file cannot be opened
     */
    public static BufferedReader open(Path file, Charset charset) throws IOException {
        CharsetDecoder d = decoder(charset);
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), d), 1 << 16);
    }

    /**
     * Opens {@code file} as {@link #open} does, as an unbuffered reader for parsers that buffer themselves.
     *
     * @param file the file
     * @param charset its encoding ({@code null}: UTF-8)
     * @return the reader
     * @throws IOException when the file cannot be opened
     */
    public static Reader openRaw(Path file, Charset charset) throws IOException {
        return new InputStreamReader(Files.newInputStream(file), decoder(charset));
    }

    private static CharsetDecoder decoder(Charset charset) {
        return (charset == null ? StandardCharsets.UTF_8 : charset).newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /**
     * The coding error in {@code e}'s cause chain, if any.
     *
     * @param e an exception from reading
     * @return the {@link CharacterCodingException}, or {@code null}
     */
    public static CharacterCodingException codingError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CharacterCodingException c) {
                return c;
            }
        }
        return null;
    }

    /**
     * A located error for the first undecodable byte of {@code file}: scans the file again to find
     * its line and column (the 1-based character position in the line).
     *
     * @param file the file
     * @param charset its encoding ({@code null}: UTF-8)
     * @return the exception naming file, line, column and the byte found
     */
    public static BadInputException undecodable(Path file, Charset charset) {
        Charset cs = charset == null ? StandardCharsets.UTF_8 : charset;
        CharsetDecoder d = decoder(cs);
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        long line = 1;
        long col = 0;
        boolean eof = false;
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            while (true) {
                if (!eof && in.hasRemaining()) {
                    eof = ch.read(in) < 0;
                }
                in.flip();
                CoderResult r = d.decode(in, out, eof);
                out.flip();
                while (out.hasRemaining()) {
                    if (out.get() == '\n') {
                        line++;
                        col = 0;
                    } else {
                        col++;
                    }
                }
                out.clear();
                if (r.isError()) {
                    StringBuilder bytes = new StringBuilder();
                    for (int i = 0; i < r.length() && in.position() + i < in.limit(); i++) {
                        bytes.append(String.format(Locale.ROOT, "%s0x%02X", i > 0 ? " " : "", in.get(in.position() + i) & 0xff));
                    }
                    return BadInputException.at(file, line, null, String.format(Locale.ROOT,
                            "column %d: byte %s is not valid %s text: save the file as %s, or declare its encoding "
                                    + "with --encoding (e.g. --encoding ISO-8859-1 or windows-1252)",
                            col + 1, bytes.length() == 0 ? "at the end of the file" : bytes, cs.name(), cs.name()));
                }
                in.compact();
                if (eof && r.isUnderflow() && in.position() == 0) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return BadInputException.at(file, 0, null, "is not valid " + cs.name() + " text");
    }

    /**
     * Index of the first byte of {@code b[off, off+len)} that does not start a valid UTF-8 sequence,
     * or -1 when the bytes are valid UTF-8 (for text stored in Parquet and Arrow, which must be UTF-8).
     *
     * @param b the bytes
     * @param off first index
     * @param len number of bytes
     * @return the offset (relative to {@code off}) of the first invalid byte, or -1
     */
    public static int firstInvalidUtf8(byte[] b, int off, int len) {
        CharsetDecoder d = decoder(StandardCharsets.UTF_8);
        ByteBuffer in = ByteBuffer.wrap(b, off, len);
        CharBuffer out = CharBuffer.allocate(len + 1);
        CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            return in.position() - off;
        }
        return -1;
    }

    /**
     * Text of a Parquet or Arrow cell, checked: invalid UTF-8 is a located error, never U+FFFD.
     *
     * @param bytes the cell's bytes
     * @param len their number
     * @param file the file, for the message
     * @param row the 1-based row
     * @param column the column
     * @return the decoded text
     * @throws BadInputException naming file, row, column and the byte
     */
    public static String utf8(byte[] bytes, int len, Path file, long row, String column) {
        String s = new String(bytes, 0, len, StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') >= 0) { // rare: a real U+FFFD, or a replaced invalid byte
            int bad = firstInvalidUtf8(bytes, 0, len);
            if (bad >= 0) {
                throw BadInputException.at(file, row, column, String.format(Locale.ROOT,
                        "byte 0x%02X at byte %d of the text is not valid UTF-8: Parquet and Arrow text must be UTF-8",
                        bytes[bad] & 0xff, bad + 1));
            }
        }
        return s;
    }

    /**
     * Resolves an encoding name as the user typed it.
     *
     * @param name a charset name such as {@code UTF-8}, {@code ISO-8859-1} or {@code windows-1252}
     * @return the charset
     * @throws IllegalArgumentException naming the unknown encoding
     */
    public static Charset charset(String name) {
        try {
            return Charset.forName(name.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown encoding '" + name + "': expected a name such as UTF-8, "
                    + "ISO-8859-1 or windows-1252", e);
        }
    }
}
