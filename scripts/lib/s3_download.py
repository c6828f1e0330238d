#!/usr/bin/env python3
"""The other client of the restore benchmark: a plain parallel download with boto3.

Lists every object under PREFIX in BUCKET and downloads each into OUTDIR with N threads (one
`get_object` streamed to a file per object, as a careful hand-written client would), then prints
`{"objects": n, "bytes": b, "seconds": s}` as JSON. Nothing is verified or renamed: this is the
floor a restore's own work (BLAKE3 check, temp file and rename, the library) is compared against.

Usage: s3_download.py ENDPOINT BUCKET PREFIX OUTDIR PARALLEL
Credentials come from the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).
"""

import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config


def main() -> None:
    endpoint, bucket, prefix, outdir, parallel = sys.argv[1:6]
    parallel = int(parallel)
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        config=Config(max_pool_connections=parallel, retries={"max_attempts": 3}),
    )
    started = time.monotonic()
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys.extend(o["Key"] for o in page.get("Contents", []))

    def fetch(key: str) -> int:
        path = os.path.join(outdir, key.replace("/", "_"))
        body = s3.get_object(Bucket=bucket, Key=key)["Body"]
        written = 0
        with open(path, "wb") as out:
            for block in body.iter_chunks(1 << 20):
                out.write(block)
                written += len(block)
        return written

    os.makedirs(outdir, exist_ok=True)
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        total = sum(pool.map(fetch, keys))
    seconds = time.monotonic() - started
    print(json.dumps({"objects": len(keys), "bytes": total, "seconds": seconds}))


if __name__ == "__main__":
    main()
