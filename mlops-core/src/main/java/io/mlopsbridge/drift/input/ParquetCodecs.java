package io.mlopsbridge.drift.input;

import com.github.luben.zstd.Zstd;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page compression codecs called directly (snappy-java, zstd-jni, aircompressor and java.util.zip, which
 * parquet-java already brings), instead of parquet-java's default factory, which builds a Hadoop
 * {@code Configuration} and so would need most of Hadoop on the classpath.
 */
final class ParquetCodecs implements CompressionCodecFactory {

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return BytesInput.from(ParquetCodecs.compress(codec, bytes.toByteArray()));
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
                return BytesInput.from(ParquetCodecs.decompress(codec, bytes.toByteArray(), decompressedSize));
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
                    throws IOException {
                byte[] in = new byte[compressedSize];
                input.get(in);
                output.put(ParquetCodecs.decompress(codec, in, decompressedSize));
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public void release() {
    }

    static byte[] decompress(CompressionCodecName codec, byte[] in, int size) throws IOException {
        return switch (codec) {
            case UNCOMPRESSED -> in;
            case SNAPPY -> {
                byte[] out = new byte[size];
                Snappy.uncompress(in, 0, in.length, out, 0);
                yield out;
            }
            case GZIP -> {
                try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(in))) {
                    yield gzip.readNBytes(size);
                }
            }
            case ZSTD -> Zstd.decompress(in, size);
            case LZ4_RAW -> {
                byte[] out = new byte[size];
                new Lz4Decompressor().decompress(in, 0, in.length, out, 0, size);
                yield out;
            }
            default -> throw new IOException("Parquet compression " + codec + " is not supported (use snappy, gzip, "
                    + "zstd, lz4_raw or none)");
        };
    }

    static byte[] compress(CompressionCodecName codec, byte[] in) throws IOException {
        return switch (codec) {
            case UNCOMPRESSED -> in;
            case SNAPPY -> Snappy.compress(in);
            case GZIP -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                    gzip.write(in);
                }
                yield out.toByteArray();
            }
            case ZSTD -> Zstd.compress(in);
            case LZ4_RAW -> {
                Lz4Compressor compressor = new Lz4Compressor();
                byte[] out = new byte[compressor.maxCompressedLength(in.length)];
                int n = compressor.compress(in, 0, in.length, out, 0, out.length);
                yield java.util.Arrays.copyOf(out, n);
            }
            default -> throw new IOException("Parquet compression " + codec + " is not supported");
        };
    }

    /** Read options that use these codecs and no Hadoop configuration. */
    static org.apache.parquet.ParquetReadOptions readOptions() {
        return org.apache.parquet.ParquetReadOptions.builder(new org.apache.parquet.conf.PlainParquetConfiguration())
                .withCodecFactory(new ParquetCodecs()).build();
    }
}
