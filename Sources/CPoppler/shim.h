#ifndef PAPERCHECK_CPOPPLER_SHIM_H
#define PAPERCHECK_CPOPPLER_SHIM_H
#include <poppler.h>
#include <cairo.h>
#include <glib.h>
#include <gio/gio.h>
#endif
