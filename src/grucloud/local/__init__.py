"""Local AWS emulator (moto server on loopback) used by `gc local` and `--local`."""

# the header of the emulator's GetResources answers: its Resource Groups Tagging API reports
# every type a spec gives a bulk_type, as AWS does (moto_extensions/tagging_api.py), which
# another emulator may not (a stock moto server leaves elastic IPs, user pools... out)
TAGGING_API_MARK = "x-gc-tagging-api"
