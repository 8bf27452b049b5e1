import Foundation
import Testing

/// `make install` as a user runs it (from the debug build the tests already have), then the man
/// page, the completions and `make uninstall`.
@Suite("Install step, man page and completions")
struct InstallTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func installCompleteAndUninstall() throws {
        let prefix = try temporaryFolder()
        let install = try spawn("/usr/bin/make", ["-s", "-C", InstallTests.root.path, "install-files", "PREFIX=\(prefix.path)", "BINARY=\(tlBinary.path)"])
        #expect(install.status == 0, "\(install.stderr)")
        let files = ["bin/tl", "share/man/man1/tl.1", "share/bash-completion/completions/tl", "share/zsh/site-functions/_tl", "share/fish/vendor_completions.d/tl.fish"]
        for file in files { #expect(FileManager.default.fileExists(atPath: prefix.appendingPathComponent(file).path), "\(file) installed") }

        let man = try spawn("/usr/bin/env", ["MANPATH=\(prefix.path)/share/man", "MANWIDTH=80", "MANPAGER=cat", "PAGER=cat", "man", "tl"])
        #expect(man.status == 0 && man.stdout.contains("KEYS"), "man tl works after the install step")

        // tl person <TAB> in bash, with the installed completion and binary.
        let script = """
            export PATH='\(prefix.path)/bin':$PATH
            source '\(prefix.path)/share/bash-completion/completions/tl'
            COMP_WORDS=(tl person k); COMP_CWORD=2; COMP_LINE='tl person k'; COMP_POINT=${#COMP_LINE}
            _tl; printf '%s\\n' "${COMPREPLY[@]}"
            """
        let completed = try spawn("/bin/bash", ["-c", script])
        #expect(completed.stdout.split(separator: "\n") == ["kudlow"], "\(completed.stdout)\(completed.stderr)")

        let uninstall = try spawn("/usr/bin/make", ["-s", "-C", InstallTests.root.path, "uninstall", "PREFIX=\(prefix.path)"])
        #expect(uninstall.status == 0)
        let left = FileManager.default.enumerator(atPath: prefix.path)?.allObjects.compactMap { $0 as? String }.filter { path in
            var directory: ObjCBool = false
            return FileManager.default.fileExists(atPath: prefix.appendingPathComponent(path).path, isDirectory: &directory) && !directory.boolValue
        } ?? []
        #expect(left.isEmpty, "make uninstall leaves \(left)")
    }
}
