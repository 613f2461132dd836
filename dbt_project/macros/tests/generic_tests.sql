{#- Generic tests written as macros (dbt hub packages cannot be downloaded here). -#}

{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}
select * from {{ model }}
where {{ column_name }} is not null
  and not (
    {%- if min_value is not none %} {{ column_name }} {{ '>=' if inclusive else '>' }} {{ min_value }} {% else %} true {% endif -%}
    and
    {%- if max_value is not none %} {{ column_name }} {{ '<=' if inclusive else '<' }} {{ max_value }} {% else %} true {% endif -%}
  )
{% endtest %}

{% test not_negative(model, column_name) %}
select * from {{ model }} where {{ column_name }} < 0
{% endtest %}

{% test expression_is_true(model, expression, column_name=none) %}
select * from {{ model }} where not coalesce(({{ expression }}), false)
{% endtest %}

{% test unique_combination_of_columns(model, combination_of_columns) %}
select {{ combination_of_columns | join(', ') }}, count(*) as n
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1
{% endtest %}

{#- Every value of the column is a DECIMAL with the given scale (money stays exact, never DOUBLE). -#}
{% test decimal_scale(model, column_name, scale=2) %}
select * from {{ model }}
where {{ column_name }} is not null
  and {{ column_name }} <> round({{ column_name }}, {{ scale }})
{% endtest %}

{#- A column's declared SQL type starts with the given prefix (e.g. 'DECIMAL(18,2)'). -#}
{% test column_type_is(model, column_name, type_prefix) %}
select typeof({{ column_name }}) as actual_type from {{ model }}
where typeof({{ column_name }}) not like '{{ type_prefix }}%'
limit 1
{% endtest %}

{#- The model has at least `min_rows` rows. -#}
{% test at_least_rows(model, min_rows=1) %}
select count(*) as n from {{ model }} having count(*) < {{ min_rows }}
{% endtest %}
