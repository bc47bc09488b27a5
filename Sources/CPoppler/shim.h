#ifndef PAPERCHECK_CPOPPLER_SHIM_H
#define PAPERCHECK_CPOPPLER_SHIM_H
#include <poppler.h>
#include <cairo.h>
#include <glib.h>
#include <gio/gio.h>
#include <sys/syscall.h>
#include <unistd.h>

/* An anonymous in-memory file (memfd_create with MFD_CLOEXEC), through syscall because glibc
   declares memfd_create only under _GNU_SOURCE: an encrypted archive member is handed to
   poppler_document_new_from_fd from it, with nothing written to disk. -1 on failure. */
static inline int papercheck_memory_file(const char *name) {
    return (int)syscall(SYS_memfd_create, name, 1u);
}
#endif
