package org.agora.adapter.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;

/**
 * Copies a disk file keeping its holes: blocks of zeros are skipped, not written, so a sparse
 * 10 GiB disk with 300 MiB of data costs 300 MiB in the repository, as {@code cp --sparse=always}.
 * Also the other byte-level disk chores of the file back-ends: growing a file sparsely, gzip.
 */
final class SparseCopy {
    private static final int BLOCK = 1 << 20;
    static final long MIB = 1024L * 1024;

    private SparseCopy() {
    }

    static void copy(Path from, Path to) throws IOException {
        copy(from, to, Files.size(from));
    }

    /** Copies the first {@code size} bytes of {@code from} (a file or a block device) into a new sparse file. */
    static void copy(Path from, Path to, long size) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
            long position = 0;
            while (position < size) {
                block.clear();
                block.limit((int) Math.min(BLOCK, size - position));
                int read = in.read(block, position);
                if (read <= 0) {
                    break;
                }
                block.flip();
                if (!allZero(block)) {
                    while (block.hasRemaining()) {
                        out.write(block, position + block.position());
                    }
                }
                position += read;
            }
            out.truncate(size);
            if (out.size() < size) {
                // Extend to full length without writing: the tail stays a hole.
                out.write(ByteBuffer.wrap(new byte[1]), size - 1);
            }
            out.force(true);
        }
    }

    /** Writes the first {@code size} bytes of {@code from} gzip-compressed into a new file. */
    static void gzip(Path from, Path to, long size) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             OutputStream raw = Files.newOutputStream(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             GZIPOutputStream out = new GZIPOutputStream(raw, BLOCK)) {
            ByteBuffer block = ByteBuffer.allocate(BLOCK);
            long position = 0;
            while (position < size) {
                block.clear();
                block.limit((int) Math.min(BLOCK, size - position));
                int read = in.read(block, position);
                if (read <= 0) {
                    break;
                }
                out.write(block.array(), 0, read);
                position += read;
            }
            out.finish();
            raw.flush();
        }
    }

    /** Makes a new sparse file of {@code bytes}: no block is allocated until written. */
    static void createSparse(Path file, long bytes) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            if (bytes > 0) {
                out.write(ByteBuffer.wrap(new byte[1]), bytes - 1);
            }
        }
    }

    /** Grows a file to {@code bytes} with a hole at the end; never shrinks it. */
    static void growTo(Path file, long bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            if (f.length() < bytes) {
                f.setLength(bytes);
            }
        }
    }

    /** True when the file starts with qcow2's magic, {@code QFI\xfb}. */
    static boolean isQcow2(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer magic = ByteBuffer.allocate(4);
            in.read(magic, 0);
            return magic.position() == 4 && magic.getInt(0) == 0x514649fb;
        }
    }

    private static boolean allZero(ByteBuffer b) {
        int i = b.position();
        for (; i + 8 <= b.limit(); i += 8) {
            if (b.getLong(i) != 0) {
                return false;
            }
        }
        for (; i < b.limit(); i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
