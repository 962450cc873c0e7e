#!/usr/bin/env python3
"""Writes a single-layer OCI image archive (the layout `ctr images import` takes) from files on this machine.

usage: build_oci_image.py NAME OUTPUT.tar ENTRYPOINT --file SRC:DEST [--link DEST:TARGET ...] [--dir DEST ...]
                          [--tree SRC:DEST ...] [--arg ARG ...] [--env NAME=VALUE ...] [--user UID[:GID]]

--tree copies a folder with its files' modes and symbolic links; --arg appends to the entrypoint.
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import tarfile
import time


def tree_entries(src, dest):
    """The folders, files (with their modes) and links below src, as destinations below dest."""
    dirs, files, links = [dest], [], []
    for root, subdirs, names in os.walk(src):
        subdirs.sort()
        relative = os.path.relpath(root, src)
        target_root = dest if relative == "." else dest + "/" + relative
        for name in sorted(subdirs + names):
            path = os.path.join(root, name)
            if os.path.islink(path):
                links.append((target_root + "/" + name, os.readlink(path)))
            elif os.path.isdir(path):
                dirs.append(target_root + "/" + name)
            else:
                files.append((path, target_root + "/" + name, os.stat(path).st_mode & 0o777))
    return dirs, files, links


def layer_bytes(files, links, dirs):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for directory in sorted(dirs):
            info = tarfile.TarInfo(directory.lstrip("/"))
            info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o1777 if directory == "/tmp" else 0o755, 0
            tar.addfile(info)
        for src, dest, mode in files:
            with open(src, "rb") as handle:
                data = handle.read()
            info = tarfile.TarInfo(dest.lstrip("/"))
            info.size, info.mode, info.mtime = len(data), mode, 0
            tar.addfile(info, io.BytesIO(data))
        for dest, target in links:
            info = tarfile.TarInfo(dest.lstrip("/"))
            info.type, info.linkname, info.mode, info.mtime = tarfile.SYMTYPE, target, 0o777, 0
            tar.addfile(info)
    return raw.getvalue()


def blob(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("name")
    parser.add_argument("output")
    parser.add_argument("entrypoint")
    parser.add_argument("--file", action="append", default=[])
    parser.add_argument("--link", action="append", default=[])
    parser.add_argument("--dir", action="append", default=[])
    parser.add_argument("--tree", action="append", default=[])
    parser.add_argument("--arg", action="append", default=[])
    parser.add_argument("--env", action="append", default=[])
    parser.add_argument("--user")
    args = parser.parse_args()

    files = [tuple(spec.split(":", 1)) + (0o755,) for spec in args.file]
    links = [tuple(spec.split(":", 1)) for spec in args.link]
    dirs = set(args.dir)
    for spec in args.tree:
        tree_dirs, tree_files, tree_links = tree_entries(*spec.split(":", 1))
        dirs.update(tree_dirs)
        files += tree_files
        links += tree_links
    destinations = [dest for _, dest, _ in files] + [dest for dest, _ in links]
    parents = {"/" + "/".join(parts[:i])
               for parts in (dest.lstrip("/").split("/") for dest in destinations) for i in range(1, len(parts))}
    uncompressed = layer_bytes(files, links, dirs | parents)
    compressed = gzip.compress(uncompressed, mtime=0)

    image_config = {"Entrypoint": [args.entrypoint] + args.arg if args.entrypoint else None,
                    "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] + args.env,
                    "WorkingDir": "/"}
    if args.user:
        image_config["User"] = args.user
    config = json.dumps({
        "architecture": "amd64",
        "os": "linux",
        "created": "1970-01-01T00:00:00Z",
        "config": image_config,
        "rootfs": {"type": "layers", "diff_ids": [blob(uncompressed)]},
        "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "mesos-bridge build_oci_image.py"}],
    }, sort_keys=True).encode()
    manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": blob(config), "size": len(config)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                    "digest": blob(compressed), "size": len(compressed)}],
    }, sort_keys=True).encode()
    reference = args.name if "/" in args.name.split(":")[0].split("/")[0] or "." in args.name.split("/")[0] \
        else "docker.io/" + args.name
    index = json.dumps({
        "schemaVersion": 2,
        "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": blob(manifest),
                       "size": len(manifest),
                       "annotations": {"io.containerd.image.name": reference,
                                       "org.opencontainers.image.ref.name": args.name.rsplit(":", 1)[-1]}}],
    }, sort_keys=True).encode()

    with tarfile.open(args.output, "w") as archive:
        def add(path, data):
            info = tarfile.TarInfo(path)
            info.size, info.mtime = len(data), int(time.time())
            archive.addfile(info, io.BytesIO(data))
        add("oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
        add("index.json", index)
        for data in (config, manifest, compressed):
            add("blobs/sha256/" + blob(data).split(":", 1)[1], data)


if __name__ == "__main__":
    main()
