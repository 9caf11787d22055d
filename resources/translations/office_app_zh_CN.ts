<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name />
    <message>
        <source>Receive a batch</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>e.g. 二郎街道办事处</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished">来源</translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished">提供方</translation>
    </message>
    <message>
        <source>Received on</source>
        <translation type="unfinished">入库日期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished">备注</translation>
    </message>
    <message>
        <source>Item</source>
        <translation type="unfinished">物资</translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished">类别</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished">单元</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Expiry (YYYY-MM-DD)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add item</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove item</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Items</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Item {n}: “{text}” is not a date (e.g. 2022-11-30)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Item {n}: the quantity must be a whole number</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Correct the stock</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Write off a loss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{name} ({unit}), in stock: {stock}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>e.g. 盘点短少 5 个</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>e.g. 蔬菜包腐烂</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Counted stock</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Quantity lost</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>That is the stock already.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Between 1 and the stock ({stock}).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A reason is required.</source>
        <translation type="unfinished">请填写原因。</translation>
    </message>
    <message>
        <source>Change: {delta:+d}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Plan a distribution round</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>e.g. 第三轮蔬菜包</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{name} (usable {usable} {unit})</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished">日期</translation>
    </message>
    <message>
        <source>Per household</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished">全部</translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Buildings</source>
        <translation type="unfinished">楼栋</translation>
    </message>
    <message>
        <source>Allocation (sealed buildings first, by whole households)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose an item and buildings.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Usable {available} {unit}; wanted {wanted}; allocated {allocated}; left over {left}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Shortfall: {short} {unit} ({households} households).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A name is required.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No supplies in stock.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose at least one building.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not enough stock for a single household.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Record a delivery</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished">选择…</translation>
    </message>
    <message>
        <source>Delivered by</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Households</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Who delivered?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tick at least one household.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{n} of {total} households</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>{message}

Details are in the log file:
{log}</source>
        <translation>{message}

详细信息见日志文件：
{log}</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>An unexpected error occurred. Your data is safe; the last action may not have finished.</source>
        <translation>程序遇到意外错误。数据是安全的，但最后一步操作可能没有完成。</translation>
    </message>
    <message>
        <source>The database {path} could not be opened: {error}</source>
        <translation>无法打开数据库 {path}：{error}</translation>
    </message>
    <message>
        <source> (read-only)</source>
        <translation>（只读）</translation>
    </message>
</context>
<context>
    <name>AutoBackup</name>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Last backup: {when}</source>
        <translation>最近备份：{when}</translation>
    </message>
    <message>
        <source>Automatic backup failed: {error}</source>
        <translation>自动备份失败：{error}</translation>
    </message>
</context>
<context>
    <name>Board</name>
    <message>
        <source>{days} days clean</source>
        <translation>无阳性 {days} 天</translation>
    </message>
    <message>
        <source>{days} more days</source>
        <translation>还需 {days} 天</translation>
    </message>
    <message>
        <source>days reached</source>
        <translation>天数已满</translation>
    </message>
    <message>
        <source>raise to {level}?</source>
        <translation>待确认：升为{level}</translation>
    </message>
    <message>
        <source>may be lowered</source>
        <translation>可降级 · 待确认</translation>
    </message>
    <message>
        <source>{compound} {building}: {level} risk</source>
        <translation>{compound} {building}：{level}风险</translation>
    </message>
    <message>
        <source>Clean since {date}: {days} days without a new positive</source>
        <translation>起算日期 {date}：连续 {days} 天无新增阳性</translation>
    </message>
    <message>
        <source>Earliest lowering {date}</source>
        <translation>最早降级日期 {date}</translation>
    </message>
    <message>
        <source>Open proposal: {level} risk</source>
        <translation>待确认的建议：调整为{level}风险</translation>
    </message>
    <message>
        <source>Click to open the building</source>
        <translation>点击打开该楼栋</translation>
    </message>
    <message>
        <source>No buildings yet: add them on the Buildings page.</source>
        <translation>还没有楼栋：请在“楼栋”页面添加或导入。</translation>
    </message>
    <message>
        <source>{level} risk: {count}</source>
        <translation>{level}风险 {count}</translation>
    </message>
    <message>
        <source>{count} buildings</source>
        <translation>{count} 栋</translation>
    </message>
    <message>
        <source>High risk: sealed</source>
        <translation>高风险（封控）</translation>
    </message>
    <message>
        <source>Medium risk</source>
        <translation>中风险</translation>
    </message>
    <message>
        <source>Low risk</source>
        <translation>低风险</translation>
    </message>
    <message>
        <source>proposal to decide</source>
        <translation>待确认的建议</translation>
    </message>
    <message>
        <source>Proposed {time}</source>
        <translation>提出于 {time}</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>不采纳</translation>
    </message>
    <message>
        <source>Proposals to decide ({count})</source>
        <translation>待确认的风险调整建议（{count}）</translation>
    </message>
    <message>
        <source>Nothing to decide. A raise is proposed when a building has a confirmed positive; a lowering when the building meets the lowering rule.</source>
        <translation>暂无待确认的建议。楼栋出现确诊阳性时会建议升级；满足降级条件时会建议降级。</translation>
    </message>
</context>
<context>
    <name>BuildingDialog</name>
    <message>
        <source>New building</source>
        <translation>新建楼栋</translation>
    </message>
    <message>
        <source>Edit building</source>
        <translation>编辑楼栋</translation>
    </message>
    <message>
        <source>e.g. 3栋</source>
        <translation>例如：3栋</translation>
    </message>
    <message>
        <source>Compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单元数</translation>
    </message>
    <message>
        <source>Planned households</source>
        <translation>设计户数</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Enter a whole number.</source>
        <translation>请输入整数。</translation>
    </message>
    <message>
        <source>Saving creates the compound {name}.</source>
        <translation>保存时将新建小区“{name}”。</translation>
    </message>
    <message>
        <source>Saved in {name}.</source>
        <translation>将保存到小区“{name}”。</translation>
    </message>
    <message>
        <source>Saved as {name}.</source>
        <translation>将保存为“{name}”。</translation>
    </message>
</context>
<context>
    <name>BuildingsPage</name>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Change risk level…</source>
        <translation>调整风险等级…</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>规模</translation>
    </message>
    <message>
        <source>Residents</source>
        <translation>住户与居民</translation>
    </message>
    <message>
        <source>Volunteers living here</source>
        <translation>住在本楼的志愿者</translation>
    </message>
    <message>
        <source>Clean since</source>
        <translation>起算日期</translation>
    </message>
    <message>
        <source>Earliest lowering</source>
        <translation>最早降级日期</translation>
    </message>
    <message>
        <source>Lowering rule</source>
        <translation>降级条件</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Risk level history</source>
        <translation>风险等级调整记录</translation>
    </message>
    <message>
        <source>Choose a building to see its details.</source>
        <translation>选择一栋楼，查看详情。</translation>
    </message>
    <message>
        <source>{level} risk</source>
        <translation>{level}风险</translation>
    </message>
    <message>
        <source>{units} units, {households} households planned</source>
        <translation>{units} 个单元，设计 {households} 户</translation>
    </message>
    <message>
        <source>{households} households, {residents} residents ({isolated} in home isolation)</source>
        <translation>登记 {households} 户，{residents} 人（居家隔离 {isolated} 人）</translation>
    </message>
    <message>
        <source>{count} ({on_duty} on duty)</source>
        <translation>{count} 人（在岗 {on_duty} 人）</translation>
    </message>
    <message>
        <source>{days} days</source>
        <translation>{days} 天</translation>
    </message>
    <message>
        <source>{date} ({days} days to go)</source>
        <translation>{date}（还需 {days} 天）</translation>
    </message>
    <message>
        <source>New building</source>
        <translation>新建楼栋</translation>
    </message>
    <message>
        <source>New building (Ctrl+N)</source>
        <translation>新建楼栋（Ctrl+N）</translation>
    </message>
    <message>
        <source>Edit the building (Enter)</source>
        <translation>编辑楼栋（Enter）</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the building (Del)</source>
        <translation>删除楼栋（Del）</translation>
    </message>
    <message>
        <source>Change the risk level (Ctrl+L)</source>
        <translation>调整风险等级（Ctrl+L）</translation>
    </message>
    <message>
        <source>Edit compound…</source>
        <translation>编辑小区…</translation>
    </message>
    <message>
        <source>Name, address and area of the compound</source>
        <translation>小区的名称、地址和所属片区</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Import buildings (Ctrl+I)</source>
        <translation>导入楼栋清单（Ctrl+I）</translation>
    </message>
    <message>
        <source>The building was not saved</source>
        <translation>楼栋未保存</translation>
    </message>
    <message>
        <source>Building {name} added</source>
        <translation>已新建楼栋 {name}</translation>
    </message>
    <message>
        <source>Building {name} saved</source>
        <translation>已保存楼栋 {name}</translation>
    </message>
    <message>
        <source>Delete building</source>
        <translation>删除楼栋</translation>
    </message>
    <message>
        <source>Delete {name}? This cannot be undone.</source>
        <translation>删除 {name}？删除后不能恢复。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The building cannot be deleted</source>
        <translation>不能删除楼栋</translation>
    </message>
    <message>
        <source>Building {name} deleted</source>
        <translation>已删除楼栋 {name}</translation>
    </message>
    <message>
        <source>The risk level was not changed</source>
        <translation>风险等级未调整</translation>
    </message>
    <message>
        <source>The compound was not saved</source>
        <translation>小区未保存</translation>
    </message>
    <message>
        <source>Import buildings</source>
        <translation>导入楼栋清单</translation>
    </message>
    <message>
        <source>Building lists (*.csv *.xlsx);;All files (*)</source>
        <translation>楼栋清单 (*.csv *.xlsx);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Clean days</source>
        <translation>无阳性天数</translation>
    </message>
</context>
<context>
    <name>CascadeDialog</name>
    <message>
        <source>{count} residents are now in home isolation.</source>
        <translation>{count} 名居民转为居家隔离。</translation>
    </message>
    <message>
        <source>{count} residents moved from isolation to health monitoring.</source>
        <translation>{count} 名居民由居家隔离转为居家健康监测。</translation>
    </message>
    <message>
        <source>Volunteers living here now in home isolation: {names}.</source>
        <translation>住在本楼、转为居家隔离的志愿者：{names}。</translation>
    </message>
    <message>
        <source>Volunteers living here back on duty: {names}.</source>
        <translation>住在本楼、恢复在岗的志愿者：{names}。</translation>
    </message>
    <message>
        <source>Risk level changed</source>
        <translation>风险等级已调整</translation>
    </message>
    <message>
        <source>{building}: from {before} to {after}</source>
        <translation>{building}：由 {before} 调整为 {after}</translation>
    </message>
    <message>
        <source>Volunteer</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>岗位</translation>
    </message>
    <message>
        <source>{count} shifts outside the building need someone else:</source>
        <translation>以下 {count} 个班次在本楼以外，需另行安排人员：</translation>
    </message>
</context>
<context>
    <name>CompoundDialog</name>
    <message>
        <source>New compound</source>
        <translation>新建小区</translation>
    </message>
    <message>
        <source>Edit compound</source>
        <translation>编辑小区</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>所属片区</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>FileImport</name>
    <message>
        <source>The file was not imported</source>
        <translation>文件未导入</translation>
    </message>
</context>
<context>
    <name>Filters</name>
    <message>
        <source>Compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Special group</source>
        <translation>特殊人群</translation>
    </message>
    <message>
        <source>Control</source>
        <translation>管控状态</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>事由</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>GatePage</name>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Gate desk</source>
        <translation>卡点登记</translation>
    </message>
    <message>
        <source>Name, room (3-501) or last 4 digits (Ctrl+F)</source>
        <translation>姓名、房号（如 3-501）或手机/证件号后四位（Ctrl+F）</translation>
    </message>
    <message>
        <source>No resident chosen</source>
        <translation>尚未选择居民</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Details: hospital, medicine, …</source>
        <translation>说明：医院、药品……</translation>
    </message>
    <message>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>事由</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Escort</source>
        <translation>陪同志愿者</translation>
    </message>
    <message>
        <source>Errand by</source>
        <translation>代办志愿者</translation>
    </message>
    <message>
        <source>Only those not back</source>
        <translation>只看未返回</translation>
    </message>
    <message>
        <source>Went out (Alt+O)</source>
        <translation>登记外出 Alt+O</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>Expected duration: the due-back time is now plus this</source>
        <translation>预计时长：应返回时间 = 现在 + 这么多小时</translation>
    </message>
    <message>
        <source>Came back (Alt+B)</source>
        <translation>登记返回 Alt+B</translation>
    </message>
    <message>
        <source>Print register… (Ctrl+P)</source>
        <translation>打印登记表… Ctrl+P</translation>
    </message>
    <message>
        <source>Gate log of</source>
        <translation>出入记录日期</translation>
    </message>
    <message>
        <source>Print register…</source>
        <translation>打印出入登记表…</translation>
    </message>
    <message>
        <source>New request</source>
        <translation>新申请</translation>
    </message>
    <message>
        <source>(choose the escort)</source>
        <translation>（请选择陪同志愿者）</translation>
    </message>
    <message>
        <source>(pharmacy or others: no volunteer)</source>
        <translation>（药店或他人代办，不记志愿者）</translation>
    </message>
    <message>
        <source> (on shift)</source>
        <translation>（在班）</translation>
    </message>
    <message>
        <source>high-risk building</source>
        <translation>高风险楼栋</translation>
    </message>
    <message>
        <source>Deciding the waiting request</source>
        <translation>正在处理此前登记、尚未决定的申请</translation>
    </message>
    <message>
        <source>Find the resident first.</source>
        <translation>请先查找并选中居民。</translation>
    </message>
    <message>
        <source>Cannot decide</source>
        <translation>无法决定</translation>
    </message>
    <message>
        <source>{out} out and not back, {late} overdue</source>
        <translation>外出未返 {out} 人，其中逾期 {late} 人</translation>
    </message>
    <message>
        <source>Cannot record</source>
        <translation>无法登记</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>Could not write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
        <source>Register saved</source>
        <translation>登记表已保存</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>已保存到 {path}</translation>
    </message>
    <message>
        <source>Save the gate register</source>
        <translation>保存出入登记表</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ImportSummary</name>
    <message>
        <source>{imported} new, {updated} updated, {duplicates} duplicate rows, {rejected} rejected.</source>
        <translation>新增 {imported}，更新 {updated}，重复 {duplicates} 行，拒绝 {rejected} 行。</translation>
    </message>
    <message>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>事由</translation>
    </message>
    <message>
        <source>Rejected rows (kept for review):</source>
        <translation>被拒绝的行（已保留，供核对）：</translation>
    </message>
</context>
<context>
    <name>InstanceLock</name>
    <message>
        <source>an operator not yet logged in</source>
        <translation>尚未登录的操作员</translation>
    </message>
    <message>
        <source>{who} on computer {host} (process {pid})</source>
        <translation>{who}，计算机 {host}（进程 {pid}）</translation>
    </message>
    <message>
        <source>, since {since}</source>
        <translation>，自 {since} 起</translation>
    </message>
    <message>
        <source>another program</source>
        <translation>另一个程序</translation>
    </message>
    <message>
        <source>The database is in use</source>
        <translation>数据库正在使用中</translation>
    </message>
    <message>
        <source>The database {path} is already open: {who}.

Only one program may change it at a time. Open it read-only (you can look, but not change anything)?</source>
        <translation>数据库 {path} 已被打开：{who}。

同一时间只能有一个程序修改它。以只读方式打开吗（可以查看，不能修改）？</translation>
    </message>
    <message>
        <source>Open read-only</source>
        <translation>只读打开</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <source>Filter… (Ctrl+F)</source>
        <translation>筛选…（Ctrl+F）</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>{count} rows</source>
        <translation>共 {count} 条</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Copy row</source>
        <translation>复制此行</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录详情</translation>
    </message>
</context>
<context>
    <name>Listing</name>
    <message>
        <source>Compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单元数</translation>
    </message>
    <message>
        <source>Residents</source>
        <translation>居民</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <source>Clean since</source>
        <translation>起算日期</translation>
    </message>
    <message>
        <source>Earliest lowering</source>
        <translation>最早降级日期</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <source>Document number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Special groups</source>
        <translation>特殊人群</translation>
    </message>
    <message>
        <source>Control</source>
        <translation>管控状态</translation>
    </message>
    <message>
        <source>Control since</source>
        <translation>管控开始</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>派出单位</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Party member</source>
        <translation>党员</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Grid role</source>
        <translation>网格角色</translation>
    </message>
    <message>
        <source>Lives in</source>
        <translation>居住楼栋</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>报告时间</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>服务人次</translation>
    </message>
    <message>
        <source>Planned households</source>
        <translation>设计户数</translation>
    </message>
    <message>
        <source>Registered households</source>
        <translation>登记户数</translation>
    </message>
    <message>
        <source>Clean days</source>
        <translation>无阳性天数</translation>
    </message>
    <message>
        <source>Reported for duty</source>
        <translation>报到日期</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>岗位</translation>
    </message>
    <message>
        <source>Post kind</source>
        <translation>岗位类型</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>带班</translation>
    </message>
    <message>
        <source>On duty</source>
        <translation>在岗人数</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>最少人数</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>申请时间</translation>
    </message>
    <message>
        <source>Resident</source>
        <translation>居民</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>事由</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Escort</source>
        <translation>陪同志愿者</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>外出时间</translation>
    </message>
    <message>
        <source>Due back</source>
        <translation>应返时间</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回时间</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>物资</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>入库数量</translation>
    </message>
    <message>
        <source>In stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>From</source>
        <translation>提供方</translation>
    </message>
    <message>
        <source>Received on</source>
        <translation>入库日期</translation>
    </message>
    <message>
        <source>Sampled</source>
        <translation>采样时间</translation>
    </message>
    <message>
        <source>Tube</source>
        <translation>试管码</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>混采</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>采样点</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Handed over by</source>
        <translation>交班人</translation>
    </message>
    <message>
        <source>Received by</source>
        <translation>接班人</translation>
    </message>
    <message>
        <source>Handed over at</source>
        <translation>交接时间</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录详情</translation>
    </message>
    <message>
        <source>Record id</source>
        <translation>记录编号</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Level before</source>
        <translation>原等级</translation>
    </message>
    <message>
        <source>Level after</source>
        <translation>新等级</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Movement</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Create the first administrator</source>
        <translation>创建第一个管理员</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>This database has no operators yet. Create the administrator who will manage operators and settings.</source>
        <translation>这个数据库还没有操作员。请创建管理员，由管理员管理操作员和设置。</translation>
    </message>
    <message>
        <source>The passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Community Office</source>
        <translation>社区防控办公室</translation>
    </message>
    <message>
        <source>Database: {path}</source>
        <translation>数据库：{path}</translation>
    </message>
    <message>
        <source>Operator: {name} ({role})</source>
        <translation>操作员：{name}（{role}）</translation>
    </message>
    <message>
        <source>Shift: {name} {start}–{end}</source>
        <translation>当前班次：{name} {start}–{end}</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>页面(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Light theme</source>
        <translation>浅色主题</translation>
    </message>
    <message>
        <source>Dark theme</source>
        <translation>深色主题</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>About Community Office</source>
        <translation>关于社区防控办公室</translation>
    </message>
    <message>
        <source>Refreshed</source>
        <translation>已刷新</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Community Office {version}&lt;/h3&gt;&lt;p&gt;Epidemic-control work of one community office: buildings and risk levels, residents, volunteers, the roster, the gate, supplies, test results and the shift handover.&lt;/p&gt;&lt;p&gt;Database: {db}&lt;br&gt;Log file: {log}&lt;br&gt;Qt {qt}, PySide6 {pyside}, Python {python}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;社区防控办公室 {version}&lt;/h3&gt;&lt;p&gt;一个社区办公室的疫情防控工作：楼栋与风险等级、居民、志愿者、排班、出入、物资、核酸结果和交接班。&lt;/p&gt;&lt;p&gt;数据库：{db}&lt;br&gt;日志文件：{log}&lt;br&gt;Qt {qt}，PySide6 {pyside}，Python {python}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Database check passed</source>
        <translation>数据库检查通过</translation>
    </message>
    <message>
        <source>The database is damaged</source>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <source>The database check found problems:
{problems}

Stop entering data, and restore the newest good backup.</source>
        <translation>数据库检查发现问题：
{problems}

请停止录入，并恢复最近一份完好的备份。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Discard changes?</source>
        <translation>放弃修改？</translation>
    </message>
    <message>
        <source>You have changed this form. Close it and discard the changes?</source>
        <translation>表单已修改。关闭并放弃所做的修改吗？</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃修改</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>继续编辑</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>High-risk buildings</source>
        <translation>高风险楼栋</translation>
    </message>
    <message>
        <source>Medium-risk buildings</source>
        <translation>中风险楼栋</translation>
    </message>
    <message>
        <source>Risk proposals to decide</source>
        <translation>待确认的风险调整</translation>
    </message>
    <message>
        <source>Positives in 24 hours</source>
        <translation>24 小时内阳性</translation>
    </message>
    <message>
        <source>Test results to review</source>
        <translation>待复核结果</translation>
    </message>
    <message>
        <source>Residents in home isolation</source>
        <translation>居家隔离人数</translation>
    </message>
    <message>
        <source>Residents in health monitoring</source>
        <translation>居家健康监测人数</translation>
    </message>
    <message>
        <source>Out and not back</source>
        <translation>外出未返</translation>
    </message>
    <message>
        <source>Overdue returns</source>
        <translation>逾期未返</translation>
    </message>
    <message>
        <source>Volunteers on duty</source>
        <translation>在岗志愿者</translation>
    </message>
    <message>
        <source>Supplies expiring in 7 days</source>
        <translation>7 天内过期物资</translation>
    </message>
    <message>
        <source>High- and medium-risk buildings</source>
        <translation>高、中风险楼栋</translation>
    </message>
    <message>
        <source>Building board</source>
        <translation>楼栋看板</translation>
    </message>
    <message>
        <source>{on} of {all} volunteers are on duty</source>
        <translation>{all} 名志愿者中 {on} 名在岗</translation>
    </message>
    <message>
        <source>{count} buildings, {low} low risk</source>
        <translation>共 {count} 栋，其中低风险 {low} 栋</translation>
    </message>
    <message>
        <source>Confirm the proposal</source>
        <translation>确认建议</translation>
    </message>
    <message>
        <source>Change {building} from {before} to {after}?

{reason}</source>
        <translation>将 {building} 由 {before} 调整为 {after}？

{reason}</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The proposal was not confirmed</source>
        <translation>建议未确认</translation>
    </message>
    <message>
        <source>Dismiss the proposal</source>
        <translation>不采纳建议</translation>
    </message>
    <message>
        <source>Dismiss the proposal to change {building} to {after}?</source>
        <translation>不采纳将 {building} 调整为 {after} 的建议？</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>不采纳</translation>
    </message>
    <message>
        <source>The proposal was not dismissed</source>
        <translation>建议未处理</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Residents</source>
        <translation>居民</translation>
    </message>
    <message>
        <source>Volunteers</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>排班</translation>
    </message>
    <message>
        <source>Gate</source>
        <translation>出入</translation>
    </message>
    <message>
        <source>Supplies</source>
        <translation>物资</translation>
    </message>
    <message>
        <source>Tests</source>
        <translation>核酸</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Optional</source>
        <translation>可不填</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>A reason is required.</source>
        <translation>请填写原因。</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <source>The database is damaged</source>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <source>The database check found problems:
{problems}

The newest good backup is {file} (made {when}). Restore it now? The damaged file is kept beside the database; what was entered after the backup is not in it.</source>
        <translation>数据库检查发现问题：
{problems}

最近一份完好的备份是 {file}（{when}）。现在恢复吗？损坏的文件会保存在数据库旁边；备份之后录入的内容不在备份中。</translation>
    </message>
    <message>
        <source>Restore the backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>暂不</translation>
    </message>
    <message>
        <source>The backup could not be restored: {error}</source>
        <translation>备份未能恢复：{error}</translation>
    </message>
    <message>
        <source>The backup {file} is now the database. The damaged file was kept as {kept}.</source>
        <translation>备份 {file} 已恢复为当前数据库。损坏的文件保存为 {kept}。</translation>
    </message>
    <message>
        <source>The program closes now; start it again and log in.</source>
        <translation>程序现在关闭，请重新启动并登录。</translation>
    </message>
    <message>
        <source>Backup restored</source>
        <translation>备份已恢复</translation>
    </message>
</context>
<context>
    <name>ResidentsPage</name>
    <message>
        <source>Import residents…</source>
        <translation>导入居民…</translation>
    </message>
    <message>
        <source>Full document number</source>
        <translation>完整证件号码</translation>
    </message>
    <message>
        <source>Full mobile number</source>
        <translation>完整手机号码</translation>
    </message>
    <message>
        <source>Show full number</source>
        <translation>显示完整号码</translation>
    </message>
    <message>
        <source>Show the selected resident's full number (recorded in the audit log)</source>
        <translation>显示所选居民的完整号码（将记入操作日志）</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Import residents (Ctrl+I)</source>
        <translation>导入居民名单（Ctrl+I）</translation>
    </message>
    <message>
        <source>The number cannot be shown</source>
        <translation>无法显示号码</translation>
    </message>
    <message>
        <source>{number}

This view has been recorded in the audit log.</source>
        <translation>{number}

本次查看已记入操作日志。</translation>
    </message>
    <message>
        <source>Import residents</source>
        <translation>导入居民名单</translation>
    </message>
    <message>
        <source>Residents lists (*.csv *.xlsx);;All files (*)</source>
        <translation>居民名单 (*.csv *.xlsx);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>Risk</name>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
</context>
<context>
    <name>RiskDialog</name>
    <message>
        <source>High risk</source>
        <translation>高风险</translation>
    </message>
    <message>
        <source>Medium risk</source>
        <translation>中风险</translation>
    </message>
    <message>
        <source>Low risk</source>
        <translation>低风险</translation>
    </message>
    <message>
        <source>Change the risk level of {building}</source>
        <translation>调整 {building} 的风险等级</translation>
    </message>
    <message>
        <source>Change level</source>
        <translation>调整等级</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>Why: e.g. a positive case in the building</source>
        <translation>调整原因，例如：楼栋出现阳性病例</translation>
    </message>
    <message>
        <source>New level</source>
        <translation>新等级</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Lowering rule: {verdict}</source>
        <translation>降级条件：{verdict}</translation>
    </message>
    <message>
        <source>Sealing: the building's {residents} residents go into home isolation from today; {volunteers} on-duty volunteers living here go into home isolation and their shifts outside the building need someone else.</source>
        <translation>划为高风险（封控）：本楼 {residents} 名居民自今日起居家隔离；住在本楼的 {volunteers} 名在岗志愿者转为居家隔离，他们在本楼以外的班次需另行安排人员。</translation>
    </message>
    <message>
        <source>Unsealing: {isolated} residents in home isolation go to health monitoring for {days} days; volunteers living here report for duty again.</source>
        <translation>解除封控：本楼 {isolated} 名居家隔离居民转为居家健康监测 {days} 天；住在本楼的志愿者恢复在岗。</translation>
    </message>
    <message>
        <source>Choose the new level.</source>
        <translation>请选择新的风险等级。</translation>
    </message>
    <message>
        <source>Say why the level changes; it goes into the building's history.</source>
        <translation>请填写调整原因，它会记入楼栋的调整记录。</translation>
    </message>
</context>
<context>
    <name>RiskHistory</name>
    <message>
        <source>By hand</source>
        <translation>手动调整</translation>
    </message>
    <message>
        <source>Test result</source>
        <translation>核酸结果</translation>
    </message>
    <message>
        <source>Lowering rule</source>
        <translation>降级规则</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
</context>
<context>
    <name>RiskShort</name>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Med.</source>
        <translation>中</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
</context>
<context>
    <name>RosterAssignDialog</name>
    <message>
        <source>Put on the shift</source>
        <translation>排班</translation>
    </message>
    <message>
        <source>Name or organisation…</source>
        <translation>姓名或派出单位…</translation>
    </message>
    <message>
        <source>lives in {home}</source>
        <translation>住 {home}</translation>
    </message>
    <message>
        <source>Lead of the shift (带班)</source>
        <translation>带班</translation>
    </message>
    <message>
        <source>This brings a conflict (you may still save):</source>
        <translation>会产生冲突（仍可保存）：</translation>
    </message>
    <message>
        <source>No conflict.</source>
        <translation>没有冲突。</translation>
    </message>
</context>
<context>
    <name>RosterPage</name>
    <message>
        <source>◀ Previous week</source>
        <translation>◀ 上一周</translation>
    </message>
    <message>
        <source>Previous week (Ctrl+PgUp)</source>
        <translation>上一周（Ctrl+PgUp）</translation>
    </message>
    <message>
        <source>Next week ▶</source>
        <translation>下一周 ▶</translation>
    </message>
    <message>
        <source>Next week (Ctrl+PgDown)</source>
        <translation>下一周（Ctrl+PgDown）</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>Ctrl+Home</source>
        <translation>Ctrl+Home</translation>
    </message>
    <message>
        <source>Copy last week</source>
        <translation>复制上周</translation>
    </message>
    <message>
        <source>Fill this week from the week before</source>
        <translation>按上一周的排班填充本周</translation>
    </message>
    <message>
        <source>Undo copy</source>
        <translation>撤销复制</translation>
    </message>
    <message>
        <source>Add volunteer…</source>
        <translation>添加志愿者…</translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Del</source>
        <translation>Del</translation>
    </message>
    <message>
        <source>Make lead</source>
        <translation>设为带班</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>签到</translation>
    </message>
    <message>
        <source>Check out</source>
        <translation>签退</translation>
    </message>
    <message>
        <source>(this week)</source>
        <translation>（本周）</translation>
    </message>
    <message>
        <source>{conflicts} conflicts · {unfilled} shifts with nobody</source>
        <translation>冲突 {conflicts} 个 · 未排班 {unfilled} 个</translation>
    </message>
    <message>
        <source>Conflicts this week ({count})</source>
        <translation>本周冲突（{count}）</translation>
    </message>
    <message>
        <source>Choose a shift in the grid.</source>
        <translation>请在表格中选择一个班次。</translation>
    </message>
    <message>
        <source>at least {count}</source>
        <translation>至少 {count} 人</translation>
    </message>
    <message>
        <source>in {time}</source>
        <translation>签到 {time}</translation>
    </message>
    <message>
        <source>out {time}</source>
        <translation>签退 {time}</translation>
    </message>
    <message>
        <source>Not rostered</source>
        <translation>未能排班</translation>
    </message>
    <message>
        <source>Take off the shift?</source>
        <translation>移出班次？</translation>
    </message>
    <message>
        <source>Take {name} off {day} {shift}?</source>
        <translation>把 {name} 从 {day} {shift} 移出？</translation>
    </message>
    <message>
        <source>Not removed</source>
        <translation>未能移出</translation>
    </message>
    <message>
        <source>Lead not changed</source>
        <translation>未能更换带班</translation>
    </message>
    <message>
        <source>Not checked in</source>
        <translation>未能签到</translation>
    </message>
    <message>
        <source>Not checked out</source>
        <translation>未能签退</translation>
    </message>
    <message>
        <source>Copy last week?</source>
        <translation>复制上周排班？</translation>
    </message>
    <message>
        <source>Copy the roster of the week of {source} into the week of {target}? Volunteers already on a shift stay; nobody is taken off.</source>
        <translation>把 {source} 那一周的排班复制到 {target} 这一周？已排的人员保持不变，不会移出任何人。</translation>
    </message>
    <message>
        <source>Not copied</source>
        <translation>未能复制</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>{shifts} shifts created, {people} volunteers put on shifts.</source>
        <translation>新建班次 {shifts} 个，排班 {people} 人次。</translation>
    </message>
    <message>
        <source>Not undone</source>
        <translation>未能撤销</translation>
    </message>
</context>
<context>
    <name>RosterWeek</name>
    <message>
        <source>Double booking</source>
        <translation>重复排班</translation>
    </message>
    <message>
        <source>Not on duty</source>
        <translation>非在岗</translation>
    </message>
    <message>
        <source>Lives in a sealed building</source>
        <translation>住高风险楼栋</translation>
    </message>
    <message>
        <source>Short-handed</source>
        <translation>人手不足</translation>
    </message>
    <message>
        <source>No rest</source>
        <translation>无休息</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <source>{name}: at least {count} on duty</source>
        <translation>{name}：每班至少 {count} 人</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>A new language takes effect when the program starts again.</source>
        <translation>更换语言后，重新启动程序生效。</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>An all-negative test round on the last day is required</source>
        <translation>最后一天须有一轮全员阴性的核酸结果</translation>
    </message>
    <message>
        <source>Personal data of test records, exit requests and errands older than this may be purged (Data protection).</source>
        <translation>核酸记录、外出申请和代办服务中早于此天数的个人信息可以清理（见“数据保护”）。</translation>
    </message>
    <message>
        <source>Save community settings</source>
        <translation>保存社区设置</translation>
    </message>
    <message>
        <source>Only an administrator can change the community's settings.</source>
        <translation>只有管理员可以修改社区设置。</translation>
    </message>
    <message>
        <source>Subdistrict</source>
        <translation>街道</translation>
    </message>
    <message>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <source>Shifts</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Clean days before lowering</source>
        <translation>降级所需无新增天数</translation>
    </message>
    <message>
        <source>Health monitoring after unsealing</source>
        <translation>解封后居家健康监测</translation>
    </message>
    <message>
        <source>Keep personal data for</source>
        <translation>个人信息保留</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>The folder backups beside the database</source>
        <translation>默认：数据库旁的 backups 文件夹</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source> backups</source>
        <translation> 份</translation>
    </message>
    <message>
        <source>Back up once a day while the program runs</source>
        <translation>程序运行时每天自动备份一次</translation>
    </message>
    <message>
        <source>Back up when the program closes</source>
        <translation>关闭程序时自动备份</translation>
    </message>
    <message>
        <source>Save backup settings</source>
        <translation>保存备份设置</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>Restore from a backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <source>Keep the newest</source>
        <translation>保留最近</translation>
    </message>
    <message>
        <source>Last backup</source>
        <translation>最近备份</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未备份</translation>
    </message>
    <message>
        <source>{when}, to {folder}</source>
        <translation>{when}，位置：{folder}</translation>
    </message>
    <message>
        <source>No backup was made: {error}</source>
        <translation>未能备份：{error}</translation>
    </message>
    <message>
        <source>Backed up to {path}</source>
        <translation>已备份到 {path}</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Databases (*.db *.sqlite);;All files (*)</source>
        <translation>数据库文件 (*.db *.sqlite);;所有文件 (*)</translation>
    </message>
    <message>
        <source>{file} cannot be restored; nothing was changed.

{problems}</source>
        <translation>{file} 不能恢复，数据库未做任何改动。

{problems}</translation>
    </message>
    <message>
        <source>Replace the database with the backup {file}?

The file passed its check (database version {version}). Everything entered after it was made is replaced; the current database is kept beside it as a copy named …-replaced-….db. The program closes afterwards.</source>
        <translation>用备份 {file} 替换数据库吗？

该文件已通过检查（数据库版本 {version}）。备份之后录入的内容都会被替换；当前数据库会保存在旁边，文件名为 …-replaced-….db。恢复后程序将关闭。</translation>
    </message>
    <message>
        <source>Replace the database</source>
        <translation>替换数据库</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The backup is now the database. The replaced database was kept as {kept}.

The program closes now; start it again and log in.</source>
        <translation>备份已恢复为当前数据库。被替换的数据库保存为 {kept}。

程序现在关闭，请重新启动并登录。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Community, subdistrict and district must not be empty.</source>
        <translation>社区、街道和区不能为空。</translation>
    </message>
</context>
<context>
    <name>SuppliesPage</name>
    <message>
        <source>Expired: do not issue</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Expires within 7 days: issue first</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Receipt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Distribution</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Correction</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>PPE issue</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>
