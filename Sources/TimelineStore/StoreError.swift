import Foundation
import GRDB

/// Why a store could not be built or read. Each names the file and says what to do.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The store could not be written (a read-only folder, a full disk...).
    case cannotWrite(path: String, reason: String)
    /// The build was interrupted; no store was written.
    case interrupted(path: String)
    /// The file is missing or cannot be opened.
    case cannotOpen(path: String, reason: String)
    /// The file is not a store of tl's (another SQLite file, or not SQLite at all).
    case notAStore(path: String)
    /// The file is shorter than the store it claims to be: cut off while copied, say.
    case truncated(path: String, size: Int, expected: Int)
    /// The store was written by a newer tl.
    case newerVersion(path: String, version: Int)
    /// The store was written by an older tl, in a layout this one does not read.
    case olderVersion(path: String, version: Int)
    /// Reading the store failed: it is damaged.
    case damaged(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason):
            "\(path): cannot write the store: \(reason); no store was written (an older one is left as it was)"
        case .interrupted(let path):
            "\(path): interrupted; no store was written (an older one is left as it was)"
        case .cannotOpen(let path, let reason):
            "\(path): cannot open the store: \(reason)"
        case .notAStore(let path):
            "\(path): not a tl store (tl index writes them); it may be another SQLite file, or damaged"
        case .truncated(let path, let size, let expected):
            "\(path): the store is cut short (\(size) bytes of \(expected)); run `tl index` again to rebuild it"
        case .newerVersion(let path, let version):
            "\(path): the store was built by a newer tl (store format \(version); this tl reads format \(StoreFormat.version)); run this tl's `tl index` to rebuild it, or update tl"
        case .olderVersion(let path, let version):
            "\(path): the store was built by an older tl (store format \(version); this tl reads format \(StoreFormat.version)); run `tl index` again to rebuild it"
        case .damaged(let path, let reason):
            "\(path): the store is damaged (\(reason)); run `tl index` again to rebuild it"
        }
    }

    /// What went wrong, in words: SQLite's own message for a database error, the system's for
    /// the rest.
    static func reason(_ error: any Error, file: String) -> String {
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_FULL: return "the disk is full"
            case .SQLITE_CANTOPEN:
                return FileManager.default.isWritableFile(atPath: URL(fileURLWithPath: file).deletingLastPathComponent().path)
                    ? "cannot create \(file)" : "the folder is not writable"
            case .SQLITE_READONLY: return "the folder is not writable"
            case .SQLITE_IOERR: return "a write failed (\(error.message ?? "input/output error")); is the disk full?"
            default: return error.message ?? "\(error.resultCode)"
            }
        }
        return "\(error)"
    }
}
