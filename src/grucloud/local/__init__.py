"""Local AWS emulator (moto server on loopback) used by `gc local` and `--local`."""
