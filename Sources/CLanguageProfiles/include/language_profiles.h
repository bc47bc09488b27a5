// The language profiles as tables compiled into the binary (Scripts/language/build_tables.py),
// read in place by LanguageModel: nothing is parsed at start-up.
#ifndef PAPERCHECK_LANGUAGE_PROFILES_H
#define PAPERCHECK_LANGUAGE_PROFILES_H
#include <stdint.h>

typedef struct {
    /// Number of keys (rows).
    int32_t key_count;
    /// The keys, ascending.
    const uint64_t *keys;
    /// key_count * language_count bytes, row-major: cost_base + the cost in quarter bits.
    const uint8_t *costs;
    uint8_t cost_base;
    /// Per row, bit l set when column l lists the key.
    const uint32_t *listed_by;
    /// Per column, the cost of a key the language does not list.
    const uint16_t *miss_costs;
} pc_cost_table;

typedef struct {
    /// The columns' language codes, separated by spaces.
    const char *codes;
    int32_t language_count;
    /// Per column, the expected trigram cost of ordinary text (bits).
    const double *trigram_entropy;
    pc_cost_table words;
    pc_cost_table trigrams;
} pc_script_group;

extern const pc_script_group pc_latin_profiles;
extern const pc_script_group pc_cyrillic_profiles;
extern const pc_script_group pc_arabic_profiles;

#endif
