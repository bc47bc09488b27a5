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
    /// Per row, the costs of the columns that list the key (its listed_by bits, lowest first),
    /// one byte each: cost_base + the cost in quarter bits. Other columns have their miss cost.
    const uint8_t *costs;
    uint8_t cost_base;
    /// For every 16th row, where its costs start in costs; a row between starts after the
    /// costs of the rows before it since the last start (one per listed bit).
    const uint32_t *cost_starts;
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
