"""Generated aka.v1 messages and gRPC stubs (run client/python/generate.sh or build the CMake target aka_python)."""
