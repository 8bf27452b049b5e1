import Glibc
import Synchronization

/// The bytes of one file: held in an array, or mapped from disk. A mapped timeline file is
/// read once, front to back, and the pages behind the reader can be given back
/// (`release(before:)`), so a 900 MB file never needs 900 MB of memory at once.
///
/// Sendable as checked by the compiler: the bytes never change (an array, or pages mapped
/// read-only), and the one thing that does, how far the pages have been given back, is kept
/// in a `Mutex`.
public final class FileBytes: Sendable {
    /// The number of bytes.
    public let count: Int
    private let array: [UInt8]
    /// The address of the mapping (`PROT_READ`, unmapped only by `deinit`), kept as a number
    /// because a pointer is not `Sendable`; 0 for bytes held in `array`.
    private let mapping: UInt
    /// The bytes before this offset have been given back (page-aligned).
    private let released = Mutex(0)

    /// Bytes held in memory.
    public init(_ bytes: [UInt8]) {
        array = bytes
        count = bytes.count
        mapping = 0
    }

    private init(mapping: UnsafeMutableRawPointer, count: Int) {
        array = []
        self.count = count
        self.mapping = UInt(bitPattern: mapping)
    }

    deinit { if let base = mappedBase { munmap(base, count) } }

    private var mappedBase: UnsafeMutableRawPointer? { UnsafeMutableRawPointer(bitPattern: mapping) }

    /// The bytes as an array (a copy only when the file is mapped).
    public var bytes: [UInt8] { mapping == 0 ? array : withUnsafeBufferPointer { Array($0) } }

    /// Calls `body` with the bytes, which stay valid until it returns.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let base = mappedBase {
            return try body(UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count))
        }
        return try array.withUnsafeBufferPointer(body)
    }

    /// The bytes before `offset` will not be needed again soon: a mapped file's pages are
    /// dropped (they are read back from the page cache if they are needed after all).
    func release(before offset: Int) {
        guard let base = mappedBase else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = min(offset, count) / page * page
        released.withLock { released in
            guard end > released else { return }
            madvise(base + released, end - released, MADV_DONTNEED)
            released = end
        }
    }

    /// The reader goes back to `offset` (a section read out of order): the pages from there on
    /// are given back again as it passes them.
    func reread(from offset: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        released.withLock { $0 = min($0, max(0, offset) / page * page) }
    }

    /// Files at least this large are mapped rather than read.
    static let mappingThreshold = 1 << 24

    /// Reads (or, with `mapping`, maps) a regular file that `stat` has already vetted.
    static func read(path: String, mapping: Bool = true) -> FileBytes? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        // Checked again on the open file: the path could have been swapped for a pipe meanwhile.
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(status.st_size)
        if mapping, size >= mappingThreshold, let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED {
            return FileBytes(mapping: mapped, count: size)
        }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialised in
            while initialised < size {
                let got = Glibc.read(descriptor, buffer.baseAddress! + initialised, size - initialised)
                if got < 0 && errno == EINTR { continue }
                if got < 0 { failed = true; break }
                if got == 0 { break }
                initialised += got
            }
        }
        return failed ? nil : FileBytes(bytes)
    }
}

/// Where a timeline's files come from: a folder on disk, or the copy embedded in the binary.
public struct TimelineFiles: Sendable {
    /// Why a file cannot be read.
    public enum ReadProblem: Error, Sendable {
        case missing, isDirectory, notRegular, unreadable, outsideFolder
        var message: String {
            switch self {
            case .missing: "file not found"
            case .isDirectory: "is a directory, not a file"
            case .notRegular: "is not a regular file (a pipe or device cannot be read as text)"
            case .unreadable: "cannot be read (check its permissions)"
            case .outsideFolder: "leads outside the timeline's folder (through a symbolic link); a timeline may only read files inside its folder"
            }
        }
    }

    /// The timeline file's name, relative to the base.
    public var mainFile: String
    /// How a relative path is shown in messages.
    public var displayPath: @Sendable (String) -> String
    /// Reads a file named relative to the base.
    public var read: @Sendable (String) -> Result<FileBytes, ReadProblem>

    /// Files read by `read` and named in messages by `displayPath`.
    public init(mainFile: String, displayPath: @escaping @Sendable (String) -> String,
                read: @escaping @Sendable (String) -> Result<FileBytes, ReadProblem>) {
        self.mainFile = mainFile
        self.displayPath = displayPath
        self.read = read
    }

    /// `path` is a timeline file, or a folder holding `timeline.json`. With `mapping`, a large
    /// file is mapped rather than read (less memory); without, every file is read into memory,
    /// which nothing can pull from under the reader: a mapped file that an editor truncates while
    /// it is read would kill the process (SIGBUS), so a browser that watches for saves reads.
    public static func disk(_ path: String, mapping: Bool = true) -> TimelineFiles {
        var status = stat()
        let isFolder = stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
        let base = isFolder ? path : parent(of: path)
        let main = isFolder ? "timeline.json" : String(path.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
        let join: @Sendable (String) -> String = { relative in
            base.isEmpty ? relative : (base.hasSuffix("/") ? base + relative : base + "/" + relative)
        }
        // Resolved once: every source file is checked against it.
        let folder = resolvedPath(base.isEmpty ? "." : base)
        return TimelineFiles(mainFile: main, displayPath: join) { relative in
            let full = join(relative)
            var status = stat()
            guard stat(full, &status) == 0 else { return .failure(errno == ENOENT || errno == ENOTDIR ? .missing : .unreadable) }
            if status.st_mode & S_IFMT == S_IFDIR { return .failure(.isDirectory) }
            if relative != main {
                // A dataset is untrusted: its sources must not reach files outside its folder.
                guard let folder, let target = resolvedPath(full), target.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") else {
                    return .failure(.outsideFolder)
                }
            }
            // Only regular files: reading a pipe or a device could block for ever.
            guard status.st_mode & S_IFMT == S_IFREG else { return .failure(.notRegular) }
            guard let bytes = FileBytes.read(path: full, mapping: mapping) else { return .failure(.unreadable) }
            return .success(bytes)
        }
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func resolvedPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Files held in memory, keyed by relative path.
    public static func memory(_ files: [String: String], mainFile: String = "timeline.json", label: String) -> TimelineFiles {
        TimelineFiles(mainFile: mainFile, displayPath: { "\(label)/\($0)" }) { relative in
            guard let text = files[relative] else { return .failure(.missing) }
            return .success(FileBytes(Array(text.utf8)))
        }
    }

    /// The trade-talks timeline embedded in the binary from data/.
    public static let bundled = TimelineFiles.memory(BundledTimeline.files, label: "(bundled) data")
}
