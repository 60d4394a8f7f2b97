package org.nmsim.datasets;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017; MIT licence, Zalando SE): 28 x 28 greyscale images of clothing
 * in 10 classes, 60000 training and 10000 test samples, in IDX files.
 *
 * <p>Where the data comes from, in order:
 * <ol>
 *   <li>the directory the caller gives, which must hold {@code {train,t10k}-{images-idx3,labels-idx1}-ubyte}
 *       files, gzip ({@code .gz}) or plain;</li>
 *   <li>{@value #SYSTEM_DIR} when that directory exists (Debian package {@code dataset-fashion-mnist});</li>
 *   <li>the subset bundled in this module: the first 3000 training and first 1000 test samples (see
 *       {@code fashion-mnist-subset/README.txt} next to this class's resources).</li>
 * </ol>
 * No silent fallback past a directory that exists but lacks the files: that is an error naming the file.
 *
 * <p>Immutable and thread safe.
 */
public final class FashionMnist
{
    /** Where Debian's {@code dataset-fashion-mnist} package installs the full dataset. */
    public static final String SYSTEM_DIR = "/usr/share/datasets/fashion-mnist";
    /** Classpath folder of the bundled subset. */
    public static final String BUNDLED_RESOURCE_DIR = "/org/nmsim/datasets/fashion-mnist-subset/";
    /** Number of classes. */
    public static final int CLASSES = 10;
    /** Class names by label, from the dataset's README. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The two published splits and their sizes. */
    public enum Split
    {
        /** 60000 training samples, file prefix {@code train}. */
        TRAIN("train", 60_000, 3000),
        /** 10000 test samples, file prefix {@code t10k}. */
        TEST("t10k", 10_000, 1000);

        private final String prefix;
        private final int fullSize;
        private final int bundledSize;

        Split(final String prefix, final int fullSize, final int bundledSize)
        {
            this.prefix = prefix;
            this.fullSize = fullSize;
            this.bundledSize = bundledSize;
        }

        /** @return the file name prefix ({@code train} or {@code t10k}). */
        public String prefix()
        {
            return prefix;
        }

        /** @return the number of samples in the full published split. */
        public int fullSize()
        {
            return fullSize;
        }

        /** @return the number of samples in the bundled subset. */
        public int bundledSize()
        {
            return bundledSize;
        }

        String imagesName()
        {
            return prefix + "-images-idx3-ubyte";
        }

        String labelsName()
        {
            return prefix + "-labels-idx1-ubyte";
        }
    }

    private final Split split;
    private final LabeledImages images;
    private final String source;
    private final boolean fullDataset;

    private FashionMnist(final Split split, final LabeledImages images, final String source, final boolean full)
    {
        this.split = split;
        this.images = images;
        this.source = source;
        this.fullDataset = full;
    }

    /**
     * Loads a whole split; see the class comment for where it comes from.
     *
     * @param split the split.
     * @param dir   a directory with the IDX files, or empty to use {@value #SYSTEM_DIR} or the bundled subset.
     * @return the loaded split.
     * @throws DatasetFormatException when a file is missing or malformed.
     */
    public static FashionMnist load(final Split split, final Optional<Path> dir) throws DatasetFormatException
    {
        return load(split, dir, OptionalInt.empty());
    }

    /**
     * Loads the first {@code limit} samples of a split; see the class comment for where they come from.
     *
     * @param split the split.
     * @param dir   a directory with the IDX files, or empty to use {@value #SYSTEM_DIR} or the bundled subset.
     * @param limit when present, keep only the first {@code limit} samples (files are still validated whole).
     * @return the loaded split.
     * @throws DatasetFormatException when a file is missing or malformed.
     */
    public static FashionMnist load(final Split split, final Optional<Path> dir, final OptionalInt limit)
        throws DatasetFormatException
    {
        return load(split, dir, limit, Path.of(SYSTEM_DIR));
    }

    static FashionMnist load(final Split split, final Optional<Path> dir, final OptionalInt limit,
        final Path systemDir) throws DatasetFormatException
    {
        if (dir.isPresent())
        {
            return loadDir(split, dir.get(), limit);
        }
        if (Files.isDirectory(systemDir))
        {
            return loadDir(split, systemDir, limit);
        }
        return loadBundled(split, limit);
    }

    /**
     * Loads the bundled subset, whatever is installed.
     *
     * @param split the split.
     * @param limit when present, keep only the first {@code limit} samples.
     * @return the loaded subset ({@link #isFullDataset()} is false).
     * @throws DatasetFormatException when the bundled resources are missing or malformed (a packaging bug).
     */
    public static FashionMnist loadBundled(final Split split, final OptionalInt limit) throws DatasetFormatException
    {
        final Idx.IdxBytes img = Idx.read(resource(split.imagesName() + ".gz"),
            "classpath:" + BUNDLED_RESOURCE_DIR + split.imagesName() + ".gz", 3, limit);
        final Idx.IdxBytes lab = Idx.read(resource(split.labelsName() + ".gz"),
            "classpath:" + BUNDLED_RESOURCE_DIR + split.labelsName() + ".gz", 1, limit);
        final String source = "bundled subset classpath:" + BUNDLED_RESOURCE_DIR + " (first " +
            img.itemsInFile() + " of " + split.fullSize() + " " + split.prefix() + " samples)";
        final LabeledImages images = Idx.pair(img, lab, source, CLASSES);
        return new FashionMnist(split, images, source, false);
    }

    private static InputStream resource(final String name) throws DatasetFormatException
    {
        final InputStream in = FashionMnist.class.getResourceAsStream(BUNDLED_RESOURCE_DIR + name);
        if (in == null)
        {
            throw new DatasetFormatException("classpath:" + BUNDLED_RESOURCE_DIR + name,
                "resource does not exist (rule: the datasets jar bundles the Fashion-MNIST subset)");
        }
        return in;
    }

    private static FashionMnist loadDir(final Split split, final Path dir, final OptionalInt limit)
        throws DatasetFormatException
    {
        final Path images = find(dir, split.imagesName());
        final Path labels = find(dir, split.labelsName());
        final Idx.IdxBytes img = Idx.read(images, 3, limit);
        final Idx.IdxBytes lab = Idx.read(labels, 1, limit);
        final boolean full = img.itemsInFile() == split.fullSize();
        final String source = dir + " (" + (full ? "full " : "") + split.prefix() + " split, " +
            img.itemsInFile() + " samples in files)";
        return new FashionMnist(split, Idx.pair(img, lab, source, CLASSES), source, full);
    }

    private static Path find(final Path dir, final String name) throws DatasetFormatException
    {
        final Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz))
        {
            return gz;
        }
        final Path plain = dir.resolve(name);
        if (Files.isRegularFile(plain))
        {
            return plain;
        }
        throw new DatasetFormatException(gz.toString(), "file does not exist, nor " + plain +
            " (rule: a Fashion-MNIST directory holds " + name + "[.gz])");
    }

    /** @return the split. */
    public Split split()
    {
        return split;
    }

    /** @return the samples. */
    public LabeledImages images()
    {
        return images;
    }

    /** @return where the samples came from: a directory or the bundled subset, with sample counts. */
    public String source()
    {
        return source;
    }

    /**
     * @return true when the files read hold the whole published split (60000 or 10000 samples), whether or not a
     *         limit kept fewer of them; false for the bundled subset and other partial copies.
     */
    public boolean isFullDataset()
    {
        return fullDataset;
    }

    @Override
    public String toString()
    {
        return "FashionMnist[" + split + ", count=" + images.count() + ", source=" + source + "]";
    }
}
