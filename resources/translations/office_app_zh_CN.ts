<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
    <name>AuditPage</name>
    <message>
        <source>{family} (all)</source>
        <translation>{family}（全部）</translation>
    </message>
    <message>
        <source>Code: {code}</source>
        <translation>代码：{code}</translation>
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
        <source>Export… (Ctrl+E)</source>
        <translation>导出…（Ctrl+E）</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Export the audit trail</source>
        <translation>导出审计记录</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>{rows} entries exported to {path}</source>
        <translation>已导出 {rows} 条到 {path}</translation>
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
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Backing up… {percent}%</source>
        <translation>正在备份… {percent}%</translation>
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
        <source>last round not all negative</source>
        <translation>最后一轮未全阴</translation>
    </message>
    <message>
        <source>Not lowered yet: the tests sampled on {day} are not all negative (results pending, to review or positive)</source>
        <translation>暂不能降级：{day} 采样的核酸尚未全部为阴性（有待出结果、待复核或阳性）</translation>
    </message>
    <message>
        <source>no test round yet</source>
        <translation>尚无核酸结果</translation>
    </message>
    <message>
        <source>Not lowered yet: no test result in the building since {day}; an all-negative round is needed</source>
        <translation>暂不能降级：{day} 以来本楼没有核酸结果，需一轮全员阴性</translation>
    </message>
    <message>
        <source>lowering dismissed</source>
        <translation>今日已驳回降级</translation>
    </message>
    <message>
        <source>The lowering was dismissed today; it is proposed again tomorrow</source>
        <translation>降级建议今天已被驳回，明天会再次提出</translation>
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
    <name>ConnectionDialog</name>
    <message>
        <source>As the server offers (prefer)</source>
        <translation>按服务器的设置（prefer）</translation>
    </message>
    <message>
        <source>Always encrypted (require)</source>
        <translation>始终加密（require）</translation>
    </message>
    <message>
        <source>Encrypted, server certificate checked (verify-full)</source>
        <translation>加密并核对服务器证书（verify-full）</translation>
    </message>
    <message>
        <source>Database connection</source>
        <translation>数据库连接</translation>
    </message>
    <message>
        <source>Welcome. Where does this office keep its data? On this PC alone, or on the office server that several seats share?</source>
        <translation>欢迎使用。办公室的数据放在哪里？只在这台电脑上，还是放在几个座位共用的办公室服务器上？</translation>
    </message>
    <message>
        <source>Where does this office keep its data? A change applies at the next start.</source>
        <translation>办公室的数据放在哪里？更改在下次启动时生效。</translation>
    </message>
    <message>
        <source>This PC's &amp;file (one seat)</source>
        <translation>本机文件（一个座位）(&amp;F)</translation>
    </message>
    <message>
        <source>The office &amp;server (several seats)</source>
        <translation>办公室服务器（多个座位）(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>computer name or IP address</source>
        <translation>计算机名或 IP 地址</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>服务器(&amp;H)：</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>端口(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>数据库(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>密码(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Encryption:</source>
        <translation>加密(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>saved in this PC's credential store; type to change it</source>
        <translation>已保存在本机的凭据管理器中；输入新密码可更改</translation>
    </message>
    <message>
        <source>Database file</source>
        <translation>数据库文件</translation>
    </message>
    <message>
        <source>Database files (*.db);;All files (*)</source>
        <translation>数据库文件 (*.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Password not saved</source>
        <translation>密码没有保存</translation>
    </message>
    <message>
        <source>Office server</source>
        <translation>办公室服务器</translation>
    </message>
    <message>
        <source>Connecting to the office server {where}…</source>
        <translation>正在连接办公室服务器 {where}…</translation>
    </message>
    <message>
        <source>Upgrading the database… (the server is backed up first)</source>
        <translation>正在升级数据库…（先备份服务器）</translation>
    </message>
    <message>
        <source>Office server not reached</source>
        <translation>连接不上办公室服务器</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Change connection…</source>
        <translation>更改连接(&amp;C)…</translation>
    </message>
    <message>
        <source>Database not upgraded</source>
        <translation>数据库没有升级</translation>
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
    <message>
        <source>Your values are still in the form: Save again to replace these.</source>
        <translation>您填写的内容仍在表中：再次保存将覆盖上面的内容。</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <source>Drive</source>
        <translation>驱动器</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>{suffix} file</source>
        <translation>{suffix} 文件</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>The database itself</source>
        <translation>这是数据库本身</translation>
    </message>
    <message>
        <source>{files} is the program's own database (or one of its working files). It cannot be imported, overwritten or opened as a file: that could lose what was saved. Choose another file.</source>
        <translation>{files} 是本程序正在使用的数据库（或它的工作文件），不能导入、覆盖或当作普通文件打开：那样可能丢失已保存的数据。请选择其他文件。</translation>
    </message>
    <message>
        <source>Print to a file</source>
        <translation>打印到文件</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
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
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>派出单位</translation>
    </message>
    <message>
        <source>Grid role</source>
        <translation>网格角色</translation>
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
        <source>Filter the log…</source>
        <translation>筛选出入记录…</translation>
    </message>
    <message>
        <source>Gate desk</source>
        <translation>卡点登记</translation>
    </message>
    <message>
        <source>Name, room (3-501) or last 4 digits (Ctrl+F)</source>
        <translation>Ctrl+F 姓名、房号 3-501 或号码后4位</translation>
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
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Print the day's gate register (Ctrl+P)</source>
        <translation>打印当天的出入登记表（Ctrl+P）</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <source>Save the day's gate register as a PDF</source>
        <translation>将当天的出入登记表保存为 PDF</translation>
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
        <source>May be decided as needed; a need that is not urgent can also be met by a volunteer's errand.</source>
        <translation>可按需决定；非急需的也可以请志愿者代办。</translation>
    </message>
    <message>
        <source>A resident of a high-risk building</source>
        <translation>高风险楼栋居民</translation>
    </message>
    <message>
        <source>A person under home isolation</source>
        <translation>居家隔离人员</translation>
    </message>
    <message>
        <source>{who}, urgent {reason}: may go out point to point, with a volunteer as escort.</source>
        <translation>{who}紧急{reason}：可点对点外出，须指派志愿者陪同。</translation>
    </message>
    <message>
        <source>{who} may go out only for an urgent medical need (with an escort); this time choose an errand (a pharmacy delivering to the compound, say) or refuse.</source>
        <translation>{who}只能因紧急就医外出（须志愿者陪同）；本次请改为代办（如药店送药到小区）或不同意。</translation>
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
    <name>GridLeaderDialog</name>
    <message>
        <source>Name a leader</source>
        <translation>指定负责人</translation>
    </message>
    <message>
        <source>{role} of {scope}</source>
        <translation>{scope} 的{role}</translation>
    </message>
    <message>
        <source>Name or organisation…</source>
        <translation>姓名或派出单位…</translation>
    </message>
    <message>
        <source>The present leader becomes a member (组员)</source>
        <translation>现任负责人改为组员</translation>
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
        <source>Rows</source>
        <translation>共（行）</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Already there</source>
        <translation>未变/重复</translation>
    </message>
    <message>
        <source>Unmatched</source>
        <translation>未匹配</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Nothing new: every usable row of this file had been imported before.</source>
        <translation>没有新的数据：这个文件中可用的行以前都已导入。</translation>
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
        <source>The folder {folder} cannot be created: {error}</source>
        <translation>无法建立文件夹 {folder}：{error}</translation>
    </message>
    <message>
        <source>The folder {folder} cannot be written (no permission, or a read-only drive), so the database {path} cannot be used there. Move the database to a folder you may write to, or ask for write permission.</source>
        <translation>文件夹 {folder} 不可写（没有写入权限，或是只读的磁盘），数据库 {path} 无法在这里使用。请把数据库移到可以写入的文件夹，或申请写入权限。</translation>
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
        <source>Details</source>
        <translation>详情</translation>
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
        <source>Unit of measure</source>
        <translation>单位</translation>
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
        <translation>类型</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Log-in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Failed log-in</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <source>Refused: not permitted</source>
        <translation>操作被拒绝（无权限）</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Settings changed</source>
        <translation>修改设置</translation>
    </message>
    <message>
        <source>Backup settings changed</source>
        <translation>修改备份设置</translation>
    </message>
    <message>
        <source>Database connection changed</source>
        <translation>更改数据库连接</translation>
    </message>
    <message>
        <source>Operator created</source>
        <translation>新建操作员</translation>
    </message>
    <message>
        <source>Password reset</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>Role changed</source>
        <translation>更改角色</translation>
    </message>
    <message>
        <source>Operator disabled</source>
        <translation>停用操作员</translation>
    </message>
    <message>
        <source>Operator enabled</source>
        <translation>启用操作员</translation>
    </message>
    <message>
        <source>Operator renamed</source>
        <translation>修改显示名</translation>
    </message>
    <message>
        <source>Personal data shown</source>
        <translation>查看完整个人信息</translation>
    </message>
    <message>
        <source>Old personal data purged</source>
        <translation>清理过期个人信息</translation>
    </message>
    <message>
        <source>Demo data built</source>
        <translation>生成演示数据</translation>
    </message>
    <message>
        <source>Compound added</source>
        <translation>新增小区</translation>
    </message>
    <message>
        <source>Compound changed</source>
        <translation>修改小区</translation>
    </message>
    <message>
        <source>Compound deleted</source>
        <translation>删除小区</translation>
    </message>
    <message>
        <source>Building added</source>
        <translation>新增楼栋</translation>
    </message>
    <message>
        <source>Building changed</source>
        <translation>修改楼栋</translation>
    </message>
    <message>
        <source>Building deleted</source>
        <translation>删除楼栋</translation>
    </message>
    <message>
        <source>Risk level changed</source>
        <translation>风险等级变更</translation>
    </message>
    <message>
        <source>Risk proposal confirmed</source>
        <translation>确认风险等级提议</translation>
    </message>
    <message>
        <source>Risk proposal dismissed</source>
        <translation>驳回风险等级提议</translation>
    </message>
    <message>
        <source>Risk proposal withdrawn</source>
        <translation>撤回风险等级提议</translation>
    </message>
    <message>
        <source>Resident added</source>
        <translation>新增居民</translation>
    </message>
    <message>
        <source>Resident changed</source>
        <translation>修改居民</translation>
    </message>
    <message>
        <source>Resident deleted</source>
        <translation>删除居民</translation>
    </message>
    <message>
        <source>Resident put under home isolation</source>
        <translation>居民转居家隔离</translation>
    </message>
    <message>
        <source>Volunteer added</source>
        <translation>新增志愿者</translation>
    </message>
    <message>
        <source>Volunteer changed</source>
        <translation>修改志愿者</translation>
    </message>
    <message>
        <source>Volunteer status changed</source>
        <translation>志愿者状态变更</translation>
    </message>
    <message>
        <source>Grid leader named</source>
        <translation>指定网格负责人</translation>
    </message>
    <message>
        <source>Put on a shift</source>
        <translation>排班</translation>
    </message>
    <message>
        <source>Taken off a shift</source>
        <translation>取消排班</translation>
    </message>
    <message>
        <source>Shift place restored</source>
        <translation>恢复排班</translation>
    </message>
    <message>
        <source>Shift lead named</source>
        <translation>指定带班</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>签到</translation>
    </message>
    <message>
        <source>Checked out</source>
        <translation>签退</translation>
    </message>
    <message>
        <source>Last week's roster copied</source>
        <translation>复制上周排班</translation>
    </message>
    <message>
        <source>Roster copy undone</source>
        <translation>撤销复制排班</translation>
    </message>
    <message>
        <source>Post added</source>
        <translation>新增岗位</translation>
    </message>
    <message>
        <source>Post changed</source>
        <translation>修改岗位</translation>
    </message>
    <message>
        <source>Exit requested</source>
        <translation>外出申请</translation>
    </message>
    <message>
        <source>Exit request decided</source>
        <translation>出入审批</translation>
    </message>
    <message>
        <source>Went out</source>
        <translation>外出登记</translation>
    </message>
    <message>
        <source>Came back</source>
        <translation>返回登记</translation>
    </message>
    <message>
        <source>Supplies received</source>
        <translation>物资入库</translation>
    </message>
    <message>
        <source>Supplies written off</source>
        <translation>物资报损</translation>
    </message>
    <message>
        <source>Stock corrected</source>
        <translation>库存更正</translation>
    </message>
    <message>
        <source>Distribution round planned</source>
        <translation>制定分发计划</translation>
    </message>
    <message>
        <source>Supplies delivered</source>
        <translation>物资配送</translation>
    </message>
    <message>
        <source>Protective equipment issued</source>
        <translation>发放防护物资</translation>
    </message>
    <message>
        <source>Test record linked</source>
        <translation>关联核酸记录</translation>
    </message>
    <message>
        <source>Test record linked again</source>
        <translation>重新关联核酸记录</translation>
    </message>
    <message>
        <source>Handover saved</source>
        <translation>保存交接班记录</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Buildings imported</source>
        <translation>导入楼栋</translation>
    </message>
    <message>
        <source>Residents imported</source>
        <translation>导入居民</translation>
    </message>
    <message>
        <source>Supplies imported</source>
        <translation>导入物资</translation>
    </message>
    <message>
        <source>Test results imported</source>
        <translation>导入核酸结果</translation>
    </message>
    <message>
        <source>Test file columns mapped</source>
        <translation>保存核酸文件表头对应</translation>
    </message>
    <message>
        <source>Volunteers imported</source>
        <translation>导入志愿者</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Audit trail exported</source>
        <translation>导出审计记录</translation>
    </message>
    <message>
        <source>Residents exported</source>
        <translation>导出居民</translation>
    </message>
    <message>
        <source>Untested list exported</source>
        <translation>导出未检名单</translation>
    </message>
    <message>
        <source>Rejected test rows exported</source>
        <translation>导出被拒绝的核酸行</translation>
    </message>
    <message>
        <source>Volunteer statistics exported</source>
        <translation>导出志愿者统计</translation>
    </message>
    <message>
        <source>Organisation statistics exported</source>
        <translation>导出派出单位统计</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Handover printed</source>
        <translation>打印交接班记录</translation>
    </message>
    <message>
        <source>Daily report printed</source>
        <translation>打印日报</translation>
    </message>
    <message>
        <source>Subdistrict summary printed</source>
        <translation>打印街道汇总日报</translation>
    </message>
    <message>
        <source>Gate register printed</source>
        <translation>打印出入登记表</translation>
    </message>
    <message>
        <source>Delivery sheet printed</source>
        <translation>打印配送签收单</translation>
    </message>
    <message>
        <source>Untested list printed</source>
        <translation>打印未检名单</translation>
    </message>
    <message>
        <source>Volunteer certificate printed</source>
        <translation>打印志愿服务证明</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>演示数据</translation>
    </message>
    <message>
        <source>Distribution round</source>
        <translation>分发轮次</translation>
    </message>
    <message>
        <source>Exit request</source>
        <translation>外出申请</translation>
    </message>
    <message>
        <source>Handover</source>
        <translation>交接班记录</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>岗位</translation>
    </message>
    <message>
        <source>Risk proposal</source>
        <translation>风险等级提议</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Supply batch</source>
        <translation>物资批次</translation>
    </message>
    <message>
        <source>Supply item</source>
        <translation>物资</translation>
    </message>
    <message>
        <source>Test record</source>
        <translation>核酸记录</translation>
    </message>
    <message>
        <source>Volunteer</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>修改后</translation>
    </message>
    <message>
        <source>Org. kind</source>
        <translation>单位类型</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>状态起始</translation>
    </message>
    <message>
        <source>Skills</source>
        <translation>技能</translation>
    </message>
    <message>
        <source>Shifts</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>导入时间</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>拒绝</translation>
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
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
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
    <message>
        <source>No other seat connected</source>
        <translation>没有其他席位在线</translation>
    </message>
    <message>
        <source>Also connected: {seats}</source>
        <translation>同时在线：{seats}</translation>
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
    <name>OperatorsDialog</name>
    <message>
        <source>New operator</source>
        <translation>新建操作员</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
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
        <source>Enter a user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>The passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>操作员管理</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>New operator… (Ctrl+N)</source>
        <translation>新建操作员…（Ctrl+N）</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Change role…</source>
        <translation>更改角色…</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>管理员 may do everything, including operators, settings, restoring backups and purging old personal data; 值班员 does the daily work; 只读 may only look, with personal data masked. A disabled operator cannot log in.</source>
        <translation>管理员：全部功能，包括操作员、设置、恢复备份和清理过期个人信息；值班员：日常工作；只读：只能查看，个人信息遮挡显示。已停用的操作员不能登录。</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Locked until {time}</source>
        <translation>锁定至 {time}</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>New password for {name}:</source>
        <translation>{name} 的新密码：</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>更改角色</translation>
    </message>
    <message>
        <source>Role of {name}:</source>
        <translation>{name} 的角色：</translation>
    </message>
    <message>
        <source>Disable operator</source>
        <translation>停用操作员</translation>
    </message>
    <message>
        <source>Disable {name}? They can no longer log in; their records stay.</source>
        <translation>停用 {name} 吗？停用后不能登录，其记录保留。</translation>
    </message>
    <message>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
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
        <source>{name}  {address}  {reason} · out {out} · due {due} · {hours:.1f} h late · escort {escort} · {phone}</source>
        <translation>{name}  {address}  {reason} · {out} 外出 · 应于 {due} 返回 · 已超 {hours:.1f} 小时 · 陪同 {escort} · {phone}</translation>
    </message>
    <message>
        <source>Everyone out is within their time.</source>
        <translation>外出人员都在约定时间内。</translation>
    </message>
    <message>
        <source>Overdue returns ({count})</source>
        <translation>逾期未返（{count}）</translation>
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
    <name>PostsDialog</name>
    <message>
        <source>Posts</source>
        <translation>岗位</translation>
    </message>
    <message>
        <source>New post</source>
        <translation>新建岗位</translation>
    </message>
    <message>
        <source>(whole community)</source>
        <translation>（全社区）</translation>
    </message>
    <message>
        <source>(not inside a building)</source>
        <translation>（不在楼栋内）</translation>
    </message>
    <message>
        <source>A post inside one building: a volunteer living in that building may serve there while it is sealed.</source>
        <translation>楼栋内的岗位：住在该楼栋的志愿者在楼栋封控期间仍可在此服务。</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Compound</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Inside building</source>
        <translation>所在楼栋</translation>
    </message>
    <message>
        <source>At least on duty</source>
        <translation>每班至少</translation>
    </message>
    <message>
        <source>not in use</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未能保存</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>The printer {name} could not be opened.</source>
        <translation>无法打开打印机 {name}。</translation>
    </message>
    <message>
        <source>The printer stopped.</source>
        <translation>打印机已停止。</translation>
    </message>
    <message>
        <source>Not printed</source>
        <translation>未打印</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>QueryTableModel</name>
    <message>
        <source>This list is not sorted by this column: with many rows it would be slow.</source>
        <translation>此列不能排序：记录很多时按此列排序太慢。</translation>
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
    <name>RefusalDialog</name>
    <message>
        <source>Refuse the exit</source>
        <translation>不同意外出</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>不同意</translation>
    </message>
    <message>
        <source>Why is the exit refused? The reason is kept with the request and printed in the gate register.</source>
        <translation>为什么不同意外出？原因会和申请一起保存，并打印在出入登记表上。</translation>
    </message>
    <message>
        <source>Other (write it below)</source>
        <translation>其他（在下面写明）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>In your words</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>The reason (required)</source>
        <translation>原因（必填）</translation>
    </message>
    <message>
        <source>Optional: more details</source>
        <translation>可选：补充说明</translation>
    </message>
    <message>
        <source>Write the reason, or choose one from the list.</source>
        <translation>请写明原因，或从列表中选一个。</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Daily report…</source>
        <translation>生成日报…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Print the daily report</source>
        <translation>打印日报</translation>
    </message>
    <message>
        <source>Shifts</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Daily report for the subdistrict</source>
        <translation>报街道的日报</translation>
    </message>
    <message>
        <source>Who takes over</source>
        <translation>接班人姓名</translation>
    </message>
    <message>
        <source>Open item</source>
        <translation>待办事项</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Deadline: a time (19:00, 11-22 08:00) or words such as 今晚, 明早, 明天 8 点, 交班前; anything else is kept as written</source>
        <translation>期限：填时间（19:00、11-22 08:00），或今晚、明早、明天 8 点、交班前这样的说法；其他文字按原文保存</translation>
    </message>
    <message>
        <source>Add item</source>
        <translation>添加事项</translation>
    </message>
    <message>
        <source>Remove item</source>
        <translation>删除事项</translation>
    </message>
    <message>
        <source>Carry over open items of the shift before</source>
        <translation>带入上一班未完成事项</translation>
    </message>
    <message>
        <source>Receiving</source>
        <translation>接班人</translation>
    </message>
    <message>
        <source>Preview (Alt+V)</source>
        <translation>预览 Alt+V</translation>
    </message>
    <message>
        <source>Print… (Ctrl+P)</source>
        <translation>打印… Ctrl+P</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <source>Handover and daily report</source>
        <translation>交接班与日报</translation>
    </message>
    <message>
        <source>Subdistrict summary</source>
        <translation>街道汇总</translation>
    </message>
    <message>
        <source> · handed over</source>
        <translation> · 已交接</translation>
    </message>
    <message>
        <source>Handover {number}: {day} {shift} {start}–{end}</source>
        <translation>交接班记录 {number}：{day} {shift} {start}–{end}</translation>
    </message>
    <message>
        <source>Handed over at {at}.</source>
        <translation>已于 {at} 交接。</translation>
    </message>
    <message>
        <source>Not handed over yet.</source>
        <translation>尚未交接。</translation>
    </message>
    <message>
        <source>Not a time: kept as written, with the item.</source>
        <translation>不是时间：按原文保存在事项后面。</translation>
    </message>
    <message>
        <source>“{text}” read as {time}</source>
        <translation>“{text}”理解为 {time}</translation>
    </message>
    <message>
        <source>Check the open items</source>
        <translation>请检查待办事项</translation>
    </message>
    <message>
        <source>{count} pages.</source>
        <translation>共 {count} 页。</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Save the handover</source>
        <translation>保存交接班记录</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>已保存到 {path}</translation>
    </message>
    <message>
        <source>{pages} pages sent to {printer}.</source>
        <translation>已发送 {pages} 页到 {printer}。</translation>
    </message>
    <message>
        <source>Save the daily report</source>
        <translation>保存日报</translation>
    </message>
</context>
<context>
    <name>ResidentDialog</name>
    <message>
        <source>New resident</source>
        <translation>新增居民</translation>
    </message>
    <message>
        <source>Edit resident</source>
        <translation>编辑居民</translation>
    </message>
    <message>
        <source>(choose the building)</source>
        <translation>（请选择楼栋）</translation>
    </message>
    <message>
        <source>e.g. 2单元</source>
        <translation>如 2单元</translation>
    </message>
    <message>
        <source>e.g. 501 or 5-1</source>
        <translation>如 501 或 5-1</translation>
    </message>
    <message>
        <source>Remove the stored mobile</source>
        <translation>删除已登记的手机号</translation>
    </message>
    <message>
        <source>Unchanged: {masked}</source>
        <translation>不修改：{masked}</translation>
    </message>
    <message>
        <source>11-digit mobile, e.g. 13912340217</source>
        <translation>11 位手机号，如 13912340217</translation>
    </message>
    <message>
        <source>e.g. 023-68123456</source>
        <translation>如 023-68123456</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
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
        <source>Document type</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <source>Document number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Landline</source>
        <translation>固定电话</translation>
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
        <source>Control from</source>
        <translation>管控开始</translation>
    </message>
    <message>
        <source>Control until</source>
        <translation>管控结束</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
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
        <source>New resident…</source>
        <translation>新增居民…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
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
        <source>New resident (Ctrl+N)</source>
        <translation>新增居民 Ctrl+N</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>同户成员</translation>
    </message>
    <message>
        <source>Select a resident.</source>
        <translation>请选择一位居民。</translation>
    </message>
    <message>
        <source>{address}: {count} registered</source>
        <translation>{address}：登记 {count} 人</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Delete resident</source>
        <translation>删除居民</translation>
    </message>
    <message>
        <source>Delete {name}? This is recorded in the audit log.</source>
        <translation>删除居民 {name}？此操作会记入审计日志。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Not deleted</source>
        <translation>未删除</translation>
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
    <name>Roles</name>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Duty officer</source>
        <translation>值班员</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>Local command line</source>
        <translation>本机命令行</translation>
    </message>
</context>
<context>
    <name>Roster</name>
    <message>
        <source>{name} is on {first} and on {second} at the same time</source>
        <translation>{name} 同时排在 {first} 和 {second}</translation>
    </message>
    <message>
        <source>{name} reports for duty on {report}; cannot serve on {day}</source>
        <translation>{name} {report} 才报到，{day} 还不能上岗</translation>
    </message>
    <message>
        <source>{name} has not reported for duty</source>
        <translation>{name} 尚未报到</translation>
    </message>
    <message>
        <source>{name} is {status} on {day} and cannot serve</source>
        <translation>{name} 在 {day} 的状态是{status}，不能上岗</translation>
    </message>
    <message>
        <source>{name} lives in {home}, a high-risk building, and may serve only inside it ({when})</source>
        <translation>{name} 居住的 {home} 为高风险，只能在本楼栋内服务（{when}）</translation>
    </message>
    <message>
        <source>the building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>{when}: only {count} on duty, at least {minimum} needed</source>
        <translation>{when} 只有 {count} 人，至少需要 {minimum} 人</translation>
    </message>
    <message>
        <source>{name} rests only {hours} hours between {first} and {second} (at least {minimum} hours)</source>
        <translation>{name} 在 {first} 之后只休息 {hours} 小时就上 {second}（至少 {minimum} 小时）</translation>
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
        <source>Back to this week (Ctrl+Home)</source>
        <translation>回到本周（Ctrl+Home）</translation>
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
        <source>Posts…</source>
        <translation>岗位…</translation>
    </message>
    <message>
        <source>Posts and their minimum staffing</source>
        <translation>岗位及每班最少人数</translation>
    </message>
    <message>
        <source>Drag a volunteer onto another cell of the grid to move him there</source>
        <translation>把志愿者拖到表格中的另一个班次即可调班</translation>
    </message>
    <message>
        <source>Add volunteer…</source>
        <translation>添加志愿者…</translation>
    </message>
    <message>
        <source>Put a volunteer on this shift (Ctrl+N)</source>
        <translation>为这个班次安排志愿者（Ctrl+N）</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Take the volunteer off this shift (Del)</source>
        <translation>把志愿者从这个班次撤下（Del）</translation>
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
        <source>Check in all</source>
        <translation>全部签到</translation>
    </message>
    <message>
        <source>Check in everyone of this shift now</source>
        <translation>本班次所有人现在签到</translation>
    </message>
    <message>
        <source>Check out all</source>
        <translation>全部签退</translation>
    </message>
    <message>
        <source>Check out everyone of this shift now</source>
        <translation>本班次所有人现在签退</translation>
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
    <message>
        <source>Not moved</source>
        <translation>未能调班</translation>
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
        <source>⚠ {kind}: {message}</source>
        <translation>⚠ {kind}：{message}</translation>
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
        <source>Today</source>
        <translation>今天</translation>
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
        <source>Name and times of each shift, separated by ；, e.g. 白班 08:00–20:00；夜班 20:00–08:00. Together they cover the day once.</source>
        <translation>每个班次的名称和起止时间，用“；”分隔，如 白班 08:00–20:00；夜班 20:00–08:00。各班次首尾相接，正好覆盖一整天。</translation>
    </message>
    <message>
        <source> hours</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>Less rest than this between two shifts is listed as a conflict.</source>
        <translation>同一志愿者两个班次之间的休息少于此时长，排班页会列为冲突。</translation>
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
        <source>Rest between two shifts</source>
        <translation>两班之间最少休息</translation>
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
        <source>Default: backups in this PC's data folder</source>
        <translation>默认：本机数据文件夹中的 backups</translation>
    </message>
    <message>
        <source>Default: backups beside the database</source>
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
        <source>On the office server a backup is a SQLite file written into the backup folder on this PC. A restore replaces the data every seat shares on the server, after backing the server up first.</source>
        <translation>服务器上的备份是写进本机备份文件夹的 SQLite 文件。恢复会替换所有席位共用的服务器数据，恢复前先备份服务器。</translation>
    </message>
    <message>
        <source>Default: {folder}</source>
        <translation>默认：{folder}</translation>
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
        <source>Replace the office server's data with the backup {file}?

The file passed its check (database version {version}). The server's data is replaced for every seat: everything any seat entered after the backup was made is lost. First the server's present data is backed up into {folder}. The program closes afterwards.</source>
        <translation>用备份 {file} 替换办公室服务器上的数据吗？

该文件已通过检查（数据库版本 {version}）。服务器的数据将对所有席位替换：备份之后任何席位录入的内容都会丢失。替换前，服务器现在的数据会先备份到 {folder}。之后程序关闭。</translation>
    </message>
    <message>
        <source>Replace the server's data</source>
        <translation>替换服务器的数据</translation>
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
        <source>The office server now holds the backup's data, for every seat. Its data before was backed up as {kept}.

The program closes now; start it again and log in.</source>
        <translation>办公室服务器上的数据已替换为备份的数据，所有席位都以此为准。替换前的数据已备份为 {kept}。

程序现在关闭；请重新启动并登录。</translation>
    </message>
    <message>
        <source>The backup is now the database. The replaced database was kept as {kept}.

The program closes now; start it again and log in.</source>
        <translation>备份已恢复为当前数据库。被替换的数据库保存为 {kept}。

程序现在关闭，请重新启动并登录。</translation>
    </message>
    <message>
        <source>Data protection</source>
        <translation>数据保护</translation>
    </message>
    <message>
        <source>Operators…</source>
        <translation>操作员管理…</translation>
    </message>
    <message>
        <source>Purge old personal data…</source>
        <translation>清理过期个人信息…</translation>
    </message>
    <message>
        <source>Change my password…</source>
        <translation>修改我的密码…</translation>
    </message>
    <message>
        <source>Administrators manage operators and roles. The purge first makes a backup, shows what goes, then anonymises test records and errands and deletes exit requests older than the retention period.</source>
        <translation>管理员管理操作员和角色。清理前先备份并列出将被清理的内容，然后把超过保留期限的核酸记录和代办服务匿名化、删除外出申请。</translation>
    </message>
    <message>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation>密码已修改。</translation>
    </message>
    <message>
        <source>Purge old personal data</source>
        <translation>清理过期个人信息</translation>
    </message>
    <message>
        <source>Nothing is older than {days} days (before {cutoff}).</source>
        <translation>没有超过 {days} 天（{cutoff} 之前）的个人信息。</translation>
    </message>
    <message>
        <source>Older than {days} days (before {cutoff}):
• {tests} test records: name, document, phone and address removed
• {rejected} rejected rows of imported files: raw text removed
• {exits} exit requests: deleted
• {services} service records: resident and note removed
• {audit} audit entries: full ID and phone numbers masked; in old entries about residents, names and addresses removed
• {handover} open items of old handovers: full ID and phone numbers masked

A backup is made first. Go ahead?</source>
        <translation>超过 {days} 天（{cutoff} 之前）的：
• 核酸记录 {tests} 条：清除姓名、证件号码、电话和住址
• 导入文件中被拒绝的行 {rejected} 条：清除原文
• 外出申请 {exits} 条：删除
• 服务记录 {services} 条：清除居民和备注
• 审计记录 {audit} 条：遮挡完整的证件号码和电话；其中有关居民的旧记录清除姓名和住址
• 旧交接班记录的待办事项 {handover} 条：遮挡完整的证件号码和电话

清理前会先备份。继续吗？</translation>
    </message>
    <message>
        <source>Back up and purge</source>
        <translation>备份并清理</translation>
    </message>
    <message>
        <source>Nothing was purged: {error}</source>
        <translation>未做任何清理：{error}</translation>
    </message>
    <message>
        <source>Purged. The backup made first is {path}.</source>
        <translation>清理完成。清理前的备份：{path}。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Community, subdistrict and district must not be empty.</source>
        <translation>社区、街道和区不能为空。</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Change connection…</source>
        <translation>更改连接…</translation>
    </message>
    <message>
        <source>This PC's file or the office server; the password goes to the credential store. Applies at the next start.</source>
        <translation>本机文件或办公室服务器；密码保存在系统的凭据管理器中。下次启动时生效。</translation>
    </message>
    <message>
        <source>Now: {now}</source>
        <translation>当前：{now}</translation>
    </message>
    <message>
        <source>Chosen for this PC (when no --db or OFFICE_APP_DB is given): {later}</source>
        <translation>这台电脑选定的数据库（没有 --db 或 OFFICE_APP_DB 时使用）：{later}</translation>
    </message>
    <message>
        <source>Database connection</source>
        <translation>数据库连接</translation>
    </message>
    <message>
        <source>From the next start the program works on {target}.</source>
        <translation>下次启动时，程序将使用{target}。</translation>
    </message>
</context>
<context>
    <name>StatusDialog</name>
    <message>
        <source>Change status</source>
        <translation>更改状态</translation>
    </message>
    <message>
        <source>Volunteer</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>当前状态</translation>
    </message>
    <message>
        <source>New status</source>
        <translation>新状态</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>SubdistrictPanel</name>
    <message>
        <source>One database file per community; opened read-only</source>
        <translation>每个社区一个数据库文件；只读打开</translation>
    </message>
    <message>
        <source>Add community database…</source>
        <translation>添加社区数据库…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Make summary (F9)</source>
        <translation>生成汇总 (F9)</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <source>Save Excel…</source>
        <translation>保存 Excel…</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Community databases</source>
        <translation>社区数据库</translation>
    </message>
    <message>
        <source>Databases (*.db *.sqlite);;All files (*)</source>
        <translation>数据库 (*.db *.sqlite);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Making the summary of {count} communities…</source>
        <translation>正在汇总 {count} 个社区…</translation>
    </message>
    <message>
        <source>No summary was made.</source>
        <translation>未能生成汇总。</translation>
    </message>
    <message>
        <source>No summary</source>
        <translation>未能汇总</translation>
    </message>
    <message>
        <source>Unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <source>Summary of {done} communities made.</source>
        <translation>已汇总 {done} 个社区。</translation>
    </message>
    <message>
        <source>Not included: {names}</source>
        <translation>未能汇总：{names}</translation>
    </message>
    <message>
        <source>Printed {pages} pages.</source>
        <translation>已打印 {pages} 页。</translation>
    </message>
    <message>
        <source>Save the subdistrict summary</source>
        <translation>保存街道汇总日报</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>已保存到 {path}</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Excel (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>SuppliesPage</name>
    <message>
        <source>Expired: do not issue</source>
        <translation>已过期：不要发放</translation>
    </message>
    <message>
        <source>Expires within 7 days: issue first</source>
        <translation>7 天内过期：优先发放</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>入库</translation>
    </message>
    <message>
        <source>Distribution</source>
        <translation>发放</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>报损</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>PPE issue</source>
        <translation>防护领用</translation>
    </message>
    <message>
        <source>Receive a batch…</source>
        <translation>物资入库…</translation>
    </message>
    <message>
        <source>Receive a batch (Ctrl+N)</source>
        <translation>物资入库（Ctrl+N）</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Import a batch list (Ctrl+I)</source>
        <translation>导入入库清单（Ctrl+I）</translation>
    </message>
    <message>
        <source>Write off…</source>
        <translation>报损…</translation>
    </message>
    <message>
        <source>Correct stock…</source>
        <translation>盘点更正…</translation>
    </message>
    <message>
        <source>Choose a lot to see its ledger.</source>
        <translation>选择一批物资，查看它的出入库账目。</translation>
    </message>
    <message>
        <source>Ledger of {name}: {stock} {unit} in stock</source>
        <translation>{name} 的账目：库存 {stock} {unit}</translation>
    </message>
    <message>
        <source>Expired, not issued: {items}</source>
        <translation>已过期，不再发放：{items}</translation>
    </message>
    <message>
        <source>Expiring within 7 days, issued first: {items}</source>
        <translation>7 天内过期，优先发放：{items}</translation>
    </message>
    <message>
        <source>The batch was not received</source>
        <translation>物资未入库</translation>
    </message>
    <message>
        <source>Received {count} items from {supplier}</source>
        <translation>已入库 {count} 项物资（{supplier}）</translation>
    </message>
    <message>
        <source>Import a batch list</source>
        <translation>导入物资入库清单</translation>
    </message>
    <message>
        <source>Batch lists (*.csv *.xlsx);;All files (*)</source>
        <translation>入库清单 (*.csv *.xlsx);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The stock was not changed</source>
        <translation>库存未更改</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>物资</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划户数</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>未送达</translation>
    </message>
    <message>
        <source>Delivered by</source>
        <translation>送达志愿者</translation>
    </message>
    <message>
        <source>Plan a round…</source>
        <translation>新建配送计划…</translation>
    </message>
    <message>
        <source>Record delivery…</source>
        <translation>登记送达…</translation>
    </message>
    <message>
        <source>Record a delivery to the selected building (Ctrl+D)</source>
        <translation>登记所选楼栋的送达（Ctrl+D）</translation>
    </message>
    <message>
        <source>Print delivery sheet…</source>
        <translation>打印签收单…</translation>
    </message>
    <message>
        <source>Print the delivery sheet of the selected building (Ctrl+P) or of every building</source>
        <translation>打印所选楼栋（Ctrl+P）或本轮全部楼栋的送达签收单</translation>
    </message>
    <message>
        <source>Selected building (Ctrl+P)</source>
        <translation>所选楼栋（Ctrl+P）</translation>
    </message>
    <message>
        <source>Every building of the round</source>
        <translation>本轮全部楼栋</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <source>Save the delivery sheet of the selected building or of every building as a PDF</source>
        <translation>将所选楼栋或全部楼栋的送达签收单保存为 PDF</translation>
    </message>
    <message>
        <source>Selected building</source>
        <translation>所选楼栋</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>配送轮次</translation>
    </message>
    <message>
        <source>No distribution round yet.</source>
        <translation>还没有配送计划。</translation>
    </message>
    <message>
        <source>{buildings} buildings: {delivered} of {planned} households delivered</source>
        <translation>{buildings} 栋楼：计划 {planned} 户，已送达 {delivered} 户</translation>
    </message>
    <message>
        <source>Not delivered in {building}: {count} households</source>
        <translation>{building} 未送达：{count} 户</translation>
    </message>
    <message>
        <source>The round was not saved</source>
        <translation>配送计划未保存</translation>
    </message>
    <message>
        <source>Round {name} planned</source>
        <translation>已制定配送计划：{name}</translation>
    </message>
    <message>
        <source>Record delivery</source>
        <translation>登记送达</translation>
    </message>
    <message>
        <source>Every planned household of {building} has its delivery.</source>
        <translation>{building} 计划的住户都已送达。</translation>
    </message>
    <message>
        <source>The delivery was not recorded</source>
        <translation>送达未登记</translation>
    </message>
    <message>
        <source>Delivery recorded: {building}, {count} households</source>
        <translation>已登记送达：{building} {count} 户</translation>
    </message>
    <message>
        <source>Save the delivery sheet</source>
        <translation>保存送达签收单</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Delivery sheet printed: {pages} pages on {printer}</source>
        <translation>签收单已打印：{pages} 页，打印机 {printer}</translation>
    </message>
    <message>
        <source>The delivery sheet was not saved</source>
        <translation>送达签收单未保存</translation>
    </message>
    <message>
        <source>Delivery sheet saved: {path}</source>
        <translation>送达签收单已保存：{path}</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>发放</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>In stock: {items}</source>
        <translation>库存：{items}</translation>
    </message>
    <message>
        <source>Issued per day, {start} to {end}</source>
        <translation>每日领用（{start} 至 {end}）</translation>
    </message>
    <message>
        <source>{item} issued per day</source>
        <translation>{item} 每日领用</translation>
    </message>
    <message>
        <source>Nothing was issued</source>
        <translation>未发放</translation>
    </message>
    <message>
        <source>Issued {quantity} {item} to {shift}</source>
        <translation>已向 {shift} 发放 {item} {quantity}</translation>
    </message>
    <message>
        <source>Stock by category, end of day</source>
        <translation>各类物资每日库存（日终）</translation>
    </message>
    <message>
        <source>Households delivered per building (all rounds)</source>
        <translation>各楼栋已送达户数（全部轮次）</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>配送</translation>
    </message>
    <message>
        <source>Protective equipment</source>
        <translation>防护物资</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
</context>
<context>
    <name>SupplyDialogs</name>
    <message>
        <source>Receive a batch</source>
        <translation>物资入库</translation>
    </message>
    <message>
        <source>e.g. the subdistrict office</source>
        <translation>例如：二郎街道办事处</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源单位</translation>
    </message>
    <message>
        <source>Received on</source>
        <translation>入库日期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
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
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Expiry (YYYY-MM-DD)</source>
        <translation>有效期至（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>Add item</source>
        <translation>添加一项</translation>
    </message>
    <message>
        <source>Remove item</source>
        <translation>删除所选项</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>物资明细</translation>
    </message>
    <message>
        <source>Item {n}: “{text}” is not a date (e.g. 2022-11-30)</source>
        <translation>第 {n} 项：“{text}”不是日期（例如 2022-11-30）</translation>
    </message>
    <message>
        <source>Item {n}: the quantity must be a whole number</source>
        <translation>第 {n} 项：数量必须是整数</translation>
    </message>
    <message>
        <source>Correct the stock</source>
        <translation>盘点更正</translation>
    </message>
    <message>
        <source>Write off a loss</source>
        <translation>报损</translation>
    </message>
    <message>
        <source>{name} ({unit}), in stock: {stock}</source>
        <translation>{name}（{unit}），当前库存：{stock}</translation>
    </message>
    <message>
        <source>e.g. 5 short at the stocktake</source>
        <translation>例如：盘点短少 5 个</translation>
    </message>
    <message>
        <source>e.g. spoiled vegetable packs</source>
        <translation>例如：蔬菜包腐烂</translation>
    </message>
    <message>
        <source>Counted stock</source>
        <translation>盘点实存</translation>
    </message>
    <message>
        <source>Quantity lost</source>
        <translation>报损数量</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>That is the stock already.</source>
        <translation>与当前库存相同，无需更正。</translation>
    </message>
    <message>
        <source>Between 1 and the stock ({stock}).</source>
        <translation>应在 1 到库存（{stock}）之间。</translation>
    </message>
    <message>
        <source>A reason is required.</source>
        <translation>必须写明原因。</translation>
    </message>
    <message>
        <source>Change: {delta:+d}</source>
        <translation>变动：{delta:+d}</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>住户</translation>
    </message>
    <message>
        <source>Special groups</source>
        <translation>特殊人群户</translation>
    </message>
    <message>
        <source>Wanted</source>
        <translation>需要</translation>
    </message>
    <message>
        <source>Allocated</source>
        <translation>分配</translation>
    </message>
    <message>
        <source>Shortfall</source>
        <translation>缺口</translation>
    </message>
    <message>
        <source>Plan a distribution round</source>
        <translation>新建配送计划</translation>
    </message>
    <message>
        <source>e.g. third round of vegetable packs</source>
        <translation>例如：第三轮蔬菜包</translation>
    </message>
    <message>
        <source>{name} (usable {usable} {unit})</source>
        <translation>{name}（可用 {usable} {unit}）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Per household</source>
        <translation>每户数量</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>None</source>
        <translation>全不选</translation>
    </message>
    <message>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Allocation (sealed buildings first, by whole households)</source>
        <translation>分配结果（封控楼栋优先，按整户分配）</translation>
    </message>
    <message>
        <source>Choose an item and buildings.</source>
        <translation>请选择物资和楼栋。</translation>
    </message>
    <message>
        <source>Usable {available} {unit}; wanted {wanted}; allocated {allocated}; left over {left}.</source>
        <translation>可用 {available} {unit}；需要 {wanted}；分配 {allocated}；剩余 {left}。</translation>
    </message>
    <message>
        <source>Shortfall: {short} {unit} ({households} households).</source>
        <translation>缺口：{short} {unit}（{households} 户）。</translation>
    </message>
    <message>
        <source>A name is required.</source>
        <translation>必须填写名称。</translation>
    </message>
    <message>
        <source>No supplies in stock.</source>
        <translation>没有库存物资。</translation>
    </message>
    <message>
        <source>Choose at least one building.</source>
        <translation>请至少选择一栋楼。</translation>
    </message>
    <message>
        <source>Not enough stock for a single household.</source>
        <translation>库存不够分给一户。</translation>
    </message>
    <message>
        <source>Record a delivery</source>
        <translation>登记送达</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <source>Delivered by</source>
        <translation>送达志愿者</translation>
    </message>
    <message>
        <source>Who delivered?</source>
        <translation>请选择送达的志愿者。</translation>
    </message>
    <message>
        <source>Tick at least one household.</source>
        <translation>请至少勾选一户。</translation>
    </message>
    <message>
        <source>{n} of {total} households</source>
        <translation>已选 {n} / {total} 户</translation>
    </message>
</context>
<context>
    <name>TestsImport</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Document type</source>
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
        <source>Sample time</source>
        <translation>采样时间</translation>
    </message>
    <message>
        <source>Sampling site</source>
        <translation>采样点</translation>
    </message>
    <message>
        <source>Collector</source>
        <translation>采样员</translation>
    </message>
    <message>
        <source>Tube code</source>
        <translation>试管编码</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>采样方式</translation>
    </message>
    <message>
        <source>Laboratory</source>
        <translation>检测机构</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>检测结果</translation>
    </message>
    <message>
        <source>Report time</source>
        <translation>报告时间</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>人员类别</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>居住地址</translation>
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
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Import test results</source>
        <translation>导入核酸检测结果</translation>
    </message>
    <message>
        <source>Choose a file, or drop it on the tests page</source>
        <translation>选择文件，或把文件拖到核酸页面</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Columns (correct them if needed)</source>
        <translation>列对应关系（如有不对请更正）</translation>
    </message>
    <message>
        <source>First rows</source>
        <translation>前几行</translation>
    </message>
    <message>
        <source>Rows to be rejected</source>
        <translation>将被拒绝的行</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>{file}: {encoding}, {columns} columns; first {rows} rows shown.</source>
        <translation>{file}：{encoding}，{columns} 列；显示前 {rows} 行。</translation>
    </message>
    <message>
        <source>This file was imported before: importing it again adds nothing.</source>
        <translation>此文件以前导入过：再次导入不会增加记录。</translation>
    </message>
    <message>
        <source>Required columns not found: {missing}</source>
        <translation>找不到必需的列：{missing}</translation>
    </message>
    <message>
        <source>{n} cells in the rows shown would be rejected (red).</source>
        <translation>预览中有 {n} 个单元格无效（红色），这些行将被拒绝。</translation>
    </message>
    <message>
        <source>The rows shown are valid.</source>
        <translation>预览中的行均有效。</translation>
    </message>
    <message>
        <source>Checking every row of the file…</source>
        <translation>正在检查文件的每一行……</translation>
    </message>
    <message>
        <source>The file could not be checked: {error}</source>
        <translation>无法检查这个文件：{error}</translation>
    </message>
    <message>
        <source>Whole file checked: {rows} rows; {new} to import ({unmatched} unmatched), {duplicates} already there, {rejected} to be rejected; positive {positives}, pooled positive {pooled}.</source>
        <translation>已检查整个文件：共 {rows} 行；将导入 {new} 行（其中未匹配 {unmatched}），已有 {duplicates} 行，将拒绝 {rejected} 行；阳性 {positives}，混管阳性 {pooled}。</translation>
    </message>
    <message>
        <source>{n} results to be filled in.</source>
        <translation>将补上 {n} 条结果。</translation>
    </message>
    <message>
        <source>Nothing new: every usable row has been imported before.</source>
        <translation>没有新的数据：可用的行以前都已导入。</translation>
    </message>
    <message>
        <source>In the whole file {n} rows would be rejected: see “Rows to be rejected”.</source>
        <translation>整个文件中有 {n} 行将被拒绝：见“将被拒绝的行”。</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Not imported: nothing was written.</source>
        <translation>未导入：没有写入任何数据。</translation>
    </message>
    <message>
        <source>Import cancelled: nothing was written.</source>
        <translation>已取消导入：没有写入任何数据。</translation>
    </message>
</context>
<context>
    <name>TestsPage</name>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Import a test-site file (Ctrl+I), or drop files here</source>
        <translation>导入采样点文件（Ctrl+I），也可把文件拖到本页</translation>
    </message>
    <message>
        <source>Import test results…</source>
        <translation>导入核酸结果…</translation>
    </message>
    <message>
        <source>Print the not-tested list…</source>
        <translation>打印未检名单…</translation>
    </message>
    <message>
        <source>Records of every day</source>
        <translation>所有日期的记录</translation>
    </message>
    <message>
        <source>Show the test records of every day instead of the sampling day</source>
        <translation>显示所有日期的检测记录，而不只是所选采样日期的</translation>
    </message>
    <message>
        <source>Drop CSV or Excel files here to import them.</source>
        <translation>可把 CSV 或 Excel 文件拖到此处导入。</translation>
    </message>
    <message>
        <source>Sampling day</source>
        <translation>采样日期</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>检测记录</translation>
    </message>
    <message>
        <source>Unmatched</source>
        <translation>未匹配</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>覆盖率</translation>
    </message>
    <message>
        <source>Not tested</source>
        <translation>未检名单</translation>
    </message>
    <message>
        <source>Positives and review</source>
        <translation>阳性与复核</translation>
    </message>
    <message>
        <source>Imported files</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <source>Link to building…</source>
        <translation>关联到楼栋…</translation>
    </message>
    <message>
        <source>Link to resident…</source>
        <translation>关联到居民…</translation>
    </message>
    <message>
        <source>Link the selected rows to a registered resident (by document or name)</source>
        <translation>把选中的记录关联到登记的居民（按证件号码或姓名查找）</translation>
    </message>
    <message>
        <source>Match again</source>
        <translation>重新匹配</translation>
    </message>
    <message>
        <source>Match unmatched rows again with the residents and buildings registered now</source>
        <translation>按现在登记的居民和楼栋重新匹配未匹配的记录</translation>
    </message>
    <message>
        <source>Rows that matched no registered resident or building.</source>
        <translation>未能对应到登记居民或楼栋的记录。</translation>
    </message>
    <message>
        <source>Export rejected rows…</source>
        <translation>导出被拒绝的行…</translation>
    </message>
    <message>
        <source>Write the selected file's rejected rows, with the reasons, to a CSV to correct and import again (administrators: the rows are not masked)</source>
        <translation>把所选文件被拒绝的行连同原因导出为 CSV，更正后可重新导入（仅管理员：导出的行不遮挡）</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Print… (Ctrl+P)</source>
        <translation>打印…（Ctrl+P）</translation>
    </message>
    <message>
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <source>Home isolation</source>
        <translation>居家隔离</translation>
    </message>
    <message>
        <source>Put the selected positive person under home isolation</source>
        <translation>将选中的阳性人员转为居家隔离</translation>
    </message>
    <message>
        <source>Positive (阳性) in the last 14 days</source>
        <translation>近 14 天阳性人员</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>登记人数</translation>
    </message>
    <message>
        <source>Tested</source>
        <translation>已检</translation>
    </message>
    <message>
        <source>Untested</source>
        <translation>未检</translation>
    </message>
    <message>
        <source>Coverage %</source>
        <translation>覆盖率 %</translation>
    </message>
    <message>
        <source>{day}: {tested} of {registered} registered residents tested ({share}).</source>
        <translation>{day}：登记居民 {registered} 人，已采样 {tested} 人（{share}）。</translation>
    </message>
    <message>
        <source>Coverage by building</source>
        <translation>各楼栋核酸覆盖率</translation>
    </message>
    <message>
        <source>All buildings</source>
        <translation>全部楼栋</translation>
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
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Control</source>
        <translation>管控状态</translation>
    </message>
    <message>
        <source>Special groups</source>
        <translation>特殊人群</translation>
    </message>
    <message>
        <source>{n} residents not tested on {day}.</source>
        <translation>{day} 未采样居民 {n} 人。</translation>
    </message>
    <message>
        <source>Sampled</source>
        <translation>采样时间</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>Home isolation proposed</source>
        <translation>建议居家隔离</translation>
    </message>
    <message>
        <source>Not registered: check identity</source>
        <translation>未登记：请核实身份</translation>
    </message>
    <message>
        <source>Tube</source>
        <translation>试管码</translation>
    </message>
    <message>
        <source>Pooled sample</source>
        <translation>混采时间</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>住户</translation>
    </message>
    <message>
        <source>Living with</source>
        <translation>同住人员</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Retest</source>
        <translation>单管复核</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>尚未复核</translation>
    </message>
    <message>
        <source>Pooled-positive tubes (混管阳性): {n} people awaiting a single-tube retest.</source>
        <translation>混管阳性试管：{n} 人待单管复核。</translation>
    </message>
    <message>
        <source>Link to building</source>
        <translation>关联到楼栋</translation>
    </message>
    <message>
        <source>Select the rows to link first.</source>
        <translation>请先选中要关联的记录。</translation>
    </message>
    <message>
        <source>Link {n} rows to:</source>
        <translation>把 {n} 条记录关联到：</translation>
    </message>
    <message>
        <source>Link to resident</source>
        <translation>关联到居民</translation>
    </message>
    <message>
        <source>Document number or name of the resident:</source>
        <translation>居民的证件号码或姓名：</translation>
    </message>
    <message>
        <source>No registered resident is called {text}.</source>
        <translation>没有证件号码或姓名为“{text}”的登记居民。</translation>
    </message>
    <message>
        <source>Which resident?</source>
        <translation>哪一位居民？</translation>
    </message>
    <message>
        <source>{n} rows are now matched.</source>
        <translation>已匹配 {n} 条记录。</translation>
    </message>
    <message>
        <source>Select a positive person first.</source>
        <translation>请先选中一名阳性人员。</translation>
    </message>
    <message>
        <source>Put {name} under home isolation from the sampling day?</source>
        <translation>从采样当日起对 {name} 实行居家隔离？</translation>
    </message>
    <message>
        <source>Export the not-tested list</source>
        <translation>导出未检名单</translation>
    </message>
    <message>
        <source>Export rejected rows</source>
        <translation>导出被拒绝的行</translation>
    </message>
    <message>
        <source>Select an imported file first.</source>
        <translation>请先选中一个导入的文件。</translation>
    </message>
    <message>
        <source>Print the not-tested list</source>
        <translation>打印未检名单</translation>
    </message>
</context>
<context>
    <name>VolunteerDialog</name>
    <message>
        <source>New volunteer</source>
        <translation>新增志愿者</translation>
    </message>
    <message>
        <source>Edit volunteer</source>
        <translation>编辑志愿者</translation>
    </message>
    <message>
        <source>Party member</source>
        <translation>中共党员</translation>
    </message>
    <message>
        <source>(not living here)</source>
        <translation>（不住本社区）</translation>
    </message>
    <message>
        <source>e.g. 核酸录入、驾驶、医护</source>
        <translation>如：核酸录入、驾驶、医护</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>派出单位</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>单位级别</translation>
    </message>
    <message>
        <source>Org. kind</source>
        <translation>单位类型</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Lives in</source>
        <translation>居住楼栋</translation>
    </message>
    <message>
        <source>Reported for duty</source>
        <translation>报到日期</translation>
    </message>
    <message>
        <source>Skills</source>
        <translation>技能</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>VolunteersPage</name>
    <message>
        <source>New volunteer</source>
        <translation>新增志愿者</translation>
    </message>
    <message>
        <source>New volunteer (Ctrl+N)</source>
        <translation>新增志愿者（Ctrl+N）</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Edit the volunteer (Enter)</source>
        <translation>编辑志愿者（Enter）</translation>
    </message>
    <message>
        <source>Change status…</source>
        <translation>更改状态…</translation>
    </message>
    <message>
        <source>Print certificate…</source>
        <translation>打印服务证明…</translation>
    </message>
    <message>
        <source>Print the volunteer service certificate (Ctrl+P)</source>
        <translation>打印志愿服务证明（Ctrl+P）</translation>
    </message>
    <message>
        <source>Save certificate PDF…</source>
        <translation>保存证明 PDF…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Import a volunteers list (Ctrl+I)</source>
        <translation>导入志愿者名单（Ctrl+I）</translation>
    </message>
    <message>
        <source>Choose a volunteer to see details.</source>
        <translation>选择一名志愿者查看详情。</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>派出单位</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Lives in</source>
        <translation>居住楼栋</translation>
    </message>
    <message>
        <source>Reported for duty</source>
        <translation>报到日期</translation>
    </message>
    <message>
        <source>{days} days served</source>
        <translation>已服务 {days} 天</translation>
    </message>
    <message>
        <source>Grid role</source>
        <translation>网格角色</translation>
    </message>
    <message>
        <source>Skills</source>
        <translation>技能</translation>
    </message>
    <message>
        <source>Trained</source>
        <translation>培训了</translation>
    </message>
    <message>
        <source>Shifts</source>
        <translation>上岗</translation>
    </message>
    <message>
        <source>{shifts} shifts, {hours} hours checked in</source>
        <translation>{shifts} 个班次，签到签退时长 {hours} 小时</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>服务记录</translation>
    </message>
    <message>
        <source>{total} in all: {kinds}</source>
        <translation>共 {total} 人次：{kinds}</translation>
    </message>
    <message>
        <source>Status history</source>
        <translation>状态变化</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Name leader…</source>
        <translation>指定负责人…</translation>
    </message>
    <message>
        <source>Name the leader of the selected node</source>
        <translation>为选中的片区、小区或楼栋指定负责人</translation>
    </message>
    <message>
        <source>Area / compound / building</source>
        <translation>片区 / 小区 / 楼栋</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Find a volunteer…</source>
        <translation>查找志愿者…</translation>
    </message>
    <message>
        <source>Drag a volunteer onto an area, compound or building to make him its leader</source>
        <translation>把志愿者拖到片区、小区或楼栋上，即任命为其负责人</translation>
    </message>
    <message>
        <source>Volunteers (drag onto the tree)</source>
        <translation>志愿者（拖到左侧树上任命）</translation>
    </message>
    <message>
        <source>No area leader (片长)</source>
        <translation>缺片长</translation>
    </message>
    <message>
        <source>No compound leader (组长)</source>
        <translation>缺组长</translation>
    </message>
    <message>
        <source>No building leader (小组长)</source>
        <translation>缺小组长</translation>
    </message>
    <message>
        <source>{compounds} compounds and {buildings} buildings have no leader</source>
        <translation>{compounds} 个小区、{buildings} 个楼栋没有负责人</translation>
    </message>
    <message>
        <source>Leader not named</source>
        <translation>未能指定负责人</translation>
    </message>
    <message>
        <source>Per volunteer</source>
        <translation>按志愿者</translation>
    </message>
    <message>
        <source>Per organisation</source>
        <translation>按派出单位</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Export to CSV or Excel (Ctrl+E)</source>
        <translation>导出为 CSV 或 Excel（Ctrl+E）</translation>
    </message>
    <message>
        <source>Export statistics</source>
        <translation>导出统计</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <source>Not exported</source>
        <translation>未能导出</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>已导出</translation>
    </message>
    <message>
        <source>{count} rows written to {file}.</source>
        <translation>已写入 {count} 行到 {file}。</translation>
    </message>
    <message>
        <source>Volunteers</source>
        <translation>志愿者名单</translation>
    </message>
    <message>
        <source>Grid organisation</source>
        <translation>网格组织</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未能保存</translation>
    </message>
    <message>
        <source>Status not changed</source>
        <translation>未能更改状态</translation>
    </message>
    <message>
        <source>Save the service certificate</source>
        <translation>保存志愿服务证明</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Not printed</source>
        <translation>未能打印</translation>
    </message>
    <message>
        <source>Certificate saved</source>
        <translation>志愿服务证明已保存</translation>
    </message>
    <message>
        <source>Import a volunteers list</source>
        <translation>导入志愿者名单</translation>
    </message>
    <message>
        <source>Volunteers lists (*.csv *.xlsx);;All files (*)</source>
        <translation>志愿者名单 (*.csv *.xlsx);;所有文件 (*)</translation>
    </message>
</context>
</TS>
