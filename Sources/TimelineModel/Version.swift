/// tl's version, the one place it is written: `tl --version` prints it.
public let version = "0.1.0"
